import type { Duration } from '../../config/duration.js'
import { createAdapter } from '../../http/adapter.js'
import type { HttpCore } from '../../http/core.js'
import { ConfigError, NotFoundError } from '../../errors/index.js'
import type { HttpSessionsOptions } from '../../http/options.js'
import type { Limiter } from '../../http/rate-limit/limiter.js'
import type { LoginAttempt, LoginGuardOptions } from '../../http/rate-limit/login-guard.js'
import type { RateLimitOptions } from '../../http/rate-limit/options.js'
import { recordRequests } from '../../http/request-records.js'
import type { AuthUser, RequestSession } from '../../http/request-session.js'
import type { HttpResponse } from '../../http/respond.js'
import type { CreateOptions, Sessions } from '../../sessions/types.js'
import { toResponse, withHeaders } from './response.js'
import { bodyOf, FetchView, type FetchClientIp } from './view.js'

/** Options of {@link fetchSessions}: the shared HTTP options (see `docs/fetch.md`), `basePath` and `clientIp`. */
export interface FetchSessionsOptions extends HttpSessionsOptions {
  /** Where `handle` and `routes()` serve seed 004's endpoints. Default `'/api/token'`. */
  basePath?: string
  /**
   * The client's address, for session listing, `rateLimit` (keyed by `'ip'` or `'user'`) and
   * `loginGuard`, which refuse to start without it: a `Request` does not carry it. Bun:
   * `(r) => server.requestIP(r)?.address`; behind a proxy, the header it sets.
   */
  clientIp?: FetchClientIp
}

/** A signed-in request: the user and the request session. */
export interface FetchAuth<D> {
  user: AuthUser
  session: RequestSession<D>
}

/** A request handler of the Fetch API, with whatever extra arguments the runtime passes. */
export type FetchHandler<A extends unknown[] = []> = (request: Request, ...rest: A) => Promise<Response>

/** Wraps handlers in a rate limit; `limiter` is exposed for `reset` and tests. */
export type FetchRateLimit = (<A extends unknown[]>(
  handler: (request: Request, ...rest: A) => Response | Promise<Response>,
) => FetchHandler<A>) & {
  readonly limiter: Limiter<Request>
}

/** A login guard whose attempts are remembered per `Request`. */
export interface FetchLoginGuard {
  /** Counts an attempt; rejects with RateLimitedError (429) or StoreUnavailableError (503). */
  check(request: Request, username: unknown): Promise<LoginAttempt>
  /** Counts an attempt: the 429/503 `Response` to return when refused, else null. */
  admit(request: Request, username: unknown): Promise<Response | null>
  /** Marks the attempt of this request failed (it stays counted). */
  fail(request: Request): Promise<void>
  /** Marks the attempt of this request successful: the username's failures are cleared. */
  succeed(request: Request): Promise<void>
}

/** What {@link fetchSessions} returns. Every `Response` is JSON; errors use the contract envelope. */
export interface FetchSessions<D = unknown> {
  /** Verifies the request's token: the user and session, or `{ response }`, the ready 401/403/503. */
  authenticate(request: Request): Promise<FetchAuth<D> | { response: Response }>
  /** Like `authenticate`, but a request without any token resolves to an empty context. */
  optionalAuthenticate(
    request: Request,
  ): Promise<FetchAuth<D> | { user: undefined; session: undefined } | { response: Response }>
  /** Wraps a handler that needs a session: it runs with `{ user, session }`, else the error answers. */
  auth<A extends unknown[]>(
    handler: (request: Request, auth: FetchAuth<D>, ...rest: A) => Response | Promise<Response>,
  ): FetchHandler<A>
  /** Like `auth`, but a request without any token runs the handler with an empty context. */
  optionalAuth<A extends unknown[]>(
    handler: (
      request: Request,
      auth: FetchAuth<D> | { user: undefined; session: undefined },
      ...rest: A
    ) => Response | Promise<Response>,
  ): FetchHandler<A>
  /** Ends the request's session (the one `auth` found, or the token the request carries). */
  logout(request: Request): Promise<Response>
  /** Ends every session of the user; `{ "exceptCurrent": true }` keeps the current one. */
  logoutAll(request: Request): Promise<Response>
  /** Rotates the refresh token from the body `{ refreshToken }` or the refresh cookie. */
  refresh(request: Request): Promise<Response>
  /** Seed 004's endpoints and the device list under `basePath`: the answer, or null for another path. */
  handle(request: Request): Promise<Response | null>
  /** `handle` as a handler of its own: a path that is not one of the endpoints is 404 `NOT_FOUND`. */
  routes(): (request: Request) => Promise<Response>
  /** A rate limit around handlers: `rateLimit(5, '15m')(handler)` or `rateLimit({ ... })(handler)`. */
  rateLimit(maxAttemptsOrOptions: number | RateLimitOptions<Request>, windowMs?: Duration): FetchRateLimit
  /** Brute-force guard for login handlers, on the session store. */
  loginGuard(options?: LoginGuardOptions): FetchLoginGuard
  /** Starts a session for `userId`: the answer with the token set (and the cookies in cookie mode). */
  signIn(request: Request, userId: string, options?: CreateOptions<D>): Promise<Response>
  /** The contract's error answer for anything thrown (500 without details for unknown errors). */
  errorResponse(err: unknown): Response
  /** The framework-neutral core. */
  readonly core: HttpCore<D>
}

/**
 * Web-standard integration over Fetch API `Request` and `Response`: Next.js route handlers and
 * middleware, Bun.serve, Deno.serve, or any server that speaks them.
 *
 * @example
 * ```ts
 * const jwt = fetchSessions(sessions, { basePath: '/api/token' })
 * const serve = async (request: Request) => {
 *   const routed = await jwt.handle(request)
 *   if (routed) return routed
 *   const r = await jwt.authenticate(request)
 *   return 'response' in r ? r.response : Response.json({ user: r.user })
 * }
 * ```
 */
export function fetchSessions<D = unknown>(
  sessions: Sessions<D>,
  options: FetchSessionsOptions = {},
): FetchSessions<D> {
  const { basePath = '/api/token', clientIp, ...http } = options
  if (clientIp !== undefined && typeof clientIp !== 'function')
    throw new ConfigError('"clientIp" option must be a function')
  const base = basePathOf(basePath)
  const binding = { view: (request: Request) => new FetchView(request, clientIp), readBody: bodyOf }
  const adapter = createAdapter(sessions, http, binding, 'fetchSessions options', ['basePath', 'clientIp'])
  const records = recordRequests(
    sessions,
    adapter,
    (request: Request) => clientIp?.(request),
    clientIp !== undefined,
    (r: Request) => r.method.toUpperCase(),
  )
  const respond = async (request: Request, answer: Promise<HttpResponse>) => toResponse(await answer, request.method)

  const authenticate = async (request: Request, optional: boolean) => {
    const outcome = await records.authenticate(request, optional)
    if (outcome.response !== undefined) return { response: toResponse(outcome.response, request.method) }
    if (outcome.auth === undefined) return { user: undefined, session: undefined }
    return { user: outcome.user, session: outcome.session }
  }

  const handle = async (request: Request): Promise<Response | null> => {
    const path = new URL(request.url).pathname
    if (path !== base && !path.startsWith(`${base}/`)) return null
    const response = await adapter.routes(request, path.slice(base.length) || '/')
    return response === undefined ? null : toResponse(response, request.method)
  }

  const api: FetchSessions<D> = {
    core: adapter.core,
    authenticate: (request) => authenticate(request, false) as Promise<FetchAuth<D> | { response: Response }>,
    optionalAuthenticate: (request) => authenticate(request, true),
    auth:
      (handler) =>
      async (request, ...rest) => {
        const r = await api.authenticate(request)
        return 'response' in r ? r.response : handler(request, r, ...rest)
      },
    optionalAuth:
      (handler) =>
      async (request, ...rest) => {
        const r = await api.optionalAuthenticate(request)
        return 'response' in r ? r.response : handler(request, r, ...rest)
      },
    logout: (request) => respond(request, adapter.logout(request, records.authOf(request))),
    logoutAll: (request) => respond(request, adapter.logoutAll(request, records.authOf(request))),
    refresh: (request) => respond(request, adapter.refresh(request)),
    handle,
    routes: () => async (request) =>
      (await handle(request)) ?? toResponse(adapter.core.fail(new NotFoundError('No such endpoint')), request.method),
    rateLimit(maxAttemptsOrOptions, windowMs) {
      const { limiter, view } = records.limiter(maxAttemptsOrOptions, windowMs)
      const wrap =
        <A extends unknown[]>(
          handler: (request: Request, ...rest: A) => Response | Promise<Response>,
        ): FetchHandler<A> =>
        async (request, ...rest) => {
          const out = await limiter.consume(view(request))
          if (out.refused) return toResponse(out.refused, request.method)
          let response: Response
          try {
            response = await handler(request, ...rest)
          } catch (err) {
            await out.settle(0)
            throw err
          }
          await out.settle(response.status)
          return withHeaders(response, out.headers)
        }
      return Object.assign(wrap, { limiter })
    },
    loginGuard(opts) {
      const guard = records.loginGuard(opts)
      const admit = async (request: Request, username: unknown) => {
        const refused = await guard.admit(request, username)
        return refused === undefined ? null : toResponse(refused, request.method)
      }
      return { ...guard, admit }
    },
    signIn: (request, userId, opts) => respond(request, adapter.signIn(request, userId, opts)),
    errorResponse: (err) => toResponse(adapter.core.errorResponse(err)),
  }
  return Object.freeze(api)
}

/** `basePath` without its trailing slash. */
function basePathOf(path: string): string {
  if (typeof path !== 'string' || !path.startsWith('/') || /[?#\s]/.test(path)) {
    throw new ConfigError('"basePath" option must be a path starting with "/"')
  }
  return path.replace(/\/+$/, '')
}
