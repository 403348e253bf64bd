/**
 * Public types of `jwt-sessions/hono`: the context variables the middleware sets (as Hono `Env`
 * types, so `c.get('user')` is typed) and the shape of what `honoSessions` returns.
 */
import type { AdapterSurface } from '../surface.js'
import type { Context, ErrorHandler, Hono, MiddlewareHandler } from 'hono'
import type { HttpSessionsOptions } from '../../http/options.js'
import type { TrackedLoginGuard } from '../../http/rate-limit/adapter.js'
import type { Limiter } from '../../http/rate-limit/limiter.js'
import type { AuthUser, RequestSession } from '../../http/request-session.js'
import type { CreateOptions } from '../../sessions/types.js'
import type { HonoClientIp } from './context.js'

/**
 * The context variables after `auth`: `new Hono<HonoSessionEnv<MyData>>()` types `c.get('user')`
 * and `c.get('session')` on every route (routes behind `auth` are typed without it, too).
 */
export type HonoSessionEnv<D = unknown> = { Variables: { user: AuthUser; session: RequestSession<D> } }

/** The context variables after `optionalAuth`: both undefined for a request without a token. */
export type HonoOptionalSessionEnv<D = unknown> = {
  Variables: { user: AuthUser | undefined; session: RequestSession<D> | undefined }
}

/** Options of {@link honoSessions}: the shared HTTP options (see `docs/hono.md`) and `clientIp`. */
export interface HonoSessionsOptions extends HttpSessionsOptions {
  /**
   * The client's address, for session listing, `rateLimit` (keyed by `'ip'` or `'user'`) and
   * `loginGuard`. Default: the socket's address on `@hono/node-server`; elsewhere give it, e.g.
   * `(c) => getConnInfo(c).remote.address` with `getConnInfo` from `hono/bun`, `hono/deno` or
   * `hono/cloudflare-workers`. Behind a reverse proxy, read the header your proxy sets.
   */
  clientIp?: HonoClientIp
}

/** A Hono route handler of this adapter: answers itself, errors in the contract envelope. */
export type HonoHandler = (c: Context) => Promise<Response>

/** Rate-limit middleware; `limiter` is exposed for `reset` and tests. */
export type HonoRateLimit = MiddlewareHandler & { readonly limiter: Limiter<Context> }

/** A login guard whose attempts are remembered per request (per `Context`). */
export interface HonoLoginGuard extends Omit<TrackedLoginGuard<Context>, 'admit'> {
  /** Counts an attempt for `username`: the 429/503 `Response` to return when refused, else null. */
  admit(c: Context, username: unknown): Promise<Response | null>
  /**
   * Middleware form of `admit`: answers 429/503 itself, else remembers the attempt for `fail(c)` and
   * `succeed(c)`. `usernameOf` may return a promise (to read the body: `await c.req.json()`).
   */
  middleware(usernameOf: (c: Context) => unknown): MiddlewareHandler
}

/**
 * What {@link honoSessions} returns. Every middleware and handler answers errors in the contract
 * envelope. `auth` and `optionalAuth` set `c.get('user')` and `c.get('session')`, typed by their
 * own `Env` (or `new Hono<HonoSessionEnv<D>>()`); `logout`, `logoutAll` and `refresh` are handlers.
 */
export interface HonoSessions<D = unknown>
  extends AdapterSurface<
    D,
    {
      auth: MiddlewareHandler<HonoSessionEnv<D>>
      optionalAuth: MiddlewareHandler<HonoOptionalSessionEnv<D>>
      handler: HonoHandler
      request: Context
      rateLimit: HonoRateLimit
      loginGuard: HonoLoginGuard
    }
  > {
  /**
   * Seed 004's endpoints plus `GET /sessions` and `DELETE /sessions/:id`, as a sub-app to mount:
   * `app.route('/api/token', hjwt.routes())`. Other paths fall through to the app's 404.
   */
  routes(): Hono
  /**
   * Starts a session for `userId`: the answer with the token set (and the cookies in cookie mode).
   * Rejects with the library's error (answered by `errorHandler`) when the store fails.
   */
  signIn(c: Context, userId: string, options?: CreateOptions<D>): Promise<Response>
  /**
   * For `app.onError(hjwt.errorHandler)`: jwt-sessions errors thrown in routes (a store outage in
   * `session.update()`) and Hono's body errors (`HTTPException` 400/413/415) answer in the contract
   * envelope; other `HTTPException`s keep their own answer; anything else is logged and answers
   * 500 `INTERNAL` without details.
   */
  errorHandler: ErrorHandler
  /** The contract's error answer for anything thrown (500 without details for unknown errors). */
  errorResponse(err: unknown): Response
}
