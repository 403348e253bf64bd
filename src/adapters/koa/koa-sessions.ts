import type { AdapterSurface } from '../surface.js'
import type { Middleware, Next } from 'koa'
import { rejectUnknownKeys } from '../../config/unknown-keys.js'
import { createAdapter } from '../../http/adapter.js'
import type { PublicTokenSet } from '../../http/core.js'
import type { HttpSessionsOptions } from '../../http/options.js'
import type { TrackedLoginGuard } from '../../http/rate-limit/adapter.js'
import type { Limiter } from '../../http/rate-limit/limiter.js'
import { recordRequests } from '../../http/request-records.js'
import { RequestSession } from '../../http/request-session.js'
import type { HttpResponse } from '../../http/respond.js'
import type { CreateOptions, Sessions } from '../../sessions/types.js'
import { settleWhenDone } from '../node/send.js'
import { mountPrefix } from '../node/view.js'
import { fromKoaBodyParser } from './body-parser-errors.js'
import { sendKoa } from './send.js'
import type { KoaContext, KoaSessionState } from './types.js'
import { bodyOf, ipOf, viewOf } from './view.js'

/** Options of {@link koaSessions}: the shared HTTP options (see `docs/koa.md`). */
export interface KoaSessionsOptions extends HttpSessionsOptions {
  /**
   * Key of `ctx.state` that holds the request session. Default `'session'`. Type a renamed one with
   * `KoaSessionState<D, 'yourKey'>`.
   */
  requestKey?: string
}

/** A middleware of this adapter, typed for `app.use` and routers: it sets `ctx.state` as {@link KoaSessionState}. */
export type KoaSessionsMiddleware<D = unknown> = Middleware<KoaSessionState<D>>

/** A rate-limit middleware; `limiter` is exposed for `reset` and tests. */
export type KoaRateLimit = Middleware & { readonly limiter: Limiter<KoaContext> }

/** A login guard whose attempts are remembered per request. */
export interface KoaLoginGuard extends Omit<TrackedLoginGuard<KoaContext>, 'admit'> {
  /** Counts an attempt for `username`; resolves false once it answered 429/503 (blocked). */
  admit(ctx: KoaContext, username: unknown): Promise<boolean>
  /** Middleware form of `admit` for `usernameOf(ctx)` (which may return a promise): calls `next()` when admitted. */
  middleware(usernameOf: (ctx: KoaContext) => unknown): Middleware
}

/**
 * What {@link koaSessions} returns. Every middleware answers its errors itself, in the contract
 * envelope. `auth` sets `ctx.state.user` and `ctx.state[requestKey]`; errors thrown further down the
 * chain that jwt-sessions knows (a store outage in `session.update()`) answer in the envelope too,
 * others propagate. `logout`, `logoutAll` and `refresh` answer; `rateLimit` and the guard's
 * `middleware` call `next()` when admitted.
 */
export interface KoaSessions<D = unknown>
  extends AdapterSurface<
    D,
    {
      auth: KoaSessionsMiddleware<D>
      optionalAuth: KoaSessionsMiddleware<D>
      handler: KoaSessionsMiddleware<D>
      request: KoaContext
      rateLimit: KoaRateLimit
      loginGuard: KoaLoginGuard
    }
  > {
  /**
   * Seed 004's endpoints plus `GET /sessions` and `DELETE /sessions/:id` under `prefix` (default
   * `/api/token`, matched against `ctx.path`); other paths go on to `next()`. Needs no router.
   */
  routes(options?: { prefix?: string }): Middleware
  /**
   * Starts a session for `userId` and answers it on `ctx` (status, cookies in cookie mode, the
   * token set as the body); resolves to that body.
   */
  signIn(ctx: KoaContext, userId: string, options?: CreateOptions<D>): Promise<PublicTokenSet>
  /**
   * Middleware answering errors thrown after it in the envelope: jwt-sessions errors and the body
   * parsers' failures (over the limit → 413, an unsupported type or encoding → 415, invalid JSON or a
   * body that does not decompress → 400). Anything else propagates. Mount it first.
   */
  errorHandler(): Middleware
  /** Answers anything thrown in the contract's error envelope (500 without details for unknown errors). */
  sendError(ctx: KoaContext, err: unknown): void
  /** The request session set by `auth` (typed with `D`), or undefined. */
  sessionOf(ctx: KoaContext): RequestSession<D> | undefined
}

const binding = { view: viewOf, readBody: bodyOf }

/**
 * Koa (2 and 3) integration: middleware, handlers and seed 004's routes over a session engine.
 * The client address is `ctx.ip` (set `app.proxy = true` behind a trusted proxy).
 *
 * @example
 * ```ts
 * const jwt = koaSessions(sessions)
 * const app = new Koa<KoaSessionState>()
 * app.use(jwt.errorHandler())
 * app.use(jwt.routes({ prefix: '/api/token' }))
 * app.use(jwt.auth)
 * app.use((ctx) => { ctx.body = { user: ctx.state.user } })
 * ```
 */
export function koaSessions<D = unknown>(sessions: Sessions<D>, options: KoaSessionsOptions = {}): KoaSessions<D> {
  const adapter = createAdapter(sessions, options, binding, 'koaSessions options')
  const { core } = adapter
  const { requestKey } = core.config
  const records = recordRequests(sessions, adapter, ipOf, true, (ctx: KoaContext) => ctx.method)

  // Errors Koa would answer as text (or a 500) answer in the envelope; unknown ones propagate.
  const answerErrors = async (ctx: KoaContext, next: Next) => {
    try {
      await next()
    } catch (err) {
      const r = core.errorResponse(fromKoaBodyParser(err) ?? err)
      if (r.status === 500 || ctx.headerSent) throw err
      sendKoa(ctx, r)
    }
  }

  const authenticate =
    (optional: boolean) =>
    async (ctx: KoaContext, next: Next): Promise<void> => {
      const outcome = await records.authenticate(ctx, optional)
      if (outcome.response !== undefined) return sendKoa(ctx, outcome.response)
      if (outcome.auth !== undefined) {
        const state = ctx.state as Record<string, unknown>
        state.user = outcome.user
        state[requestKey] = outcome.session
      }
      return answerErrors(ctx, next)
    }
  const handler =
    (fn: (ctx: KoaContext) => Promise<HttpResponse>) =>
    async (ctx: KoaContext): Promise<void> =>
      sendKoa(ctx, await fn(ctx))

  return Object.freeze({
    core,
    auth: authenticate(false),
    optionalAuth: authenticate(true),
    logout: handler((ctx) => adapter.logout(ctx, records.authOf(ctx))),
    logoutAll: handler((ctx) => adapter.logoutAll(ctx, records.authOf(ctx))),
    refresh: handler((ctx) => adapter.refresh(ctx)),
    routes(routeOptions = {}) {
      rejectUnknownKeys(routeOptions, ['prefix'], 'routes() options')
      const base = mountPrefix(routeOptions.prefix ?? '/api/token')
      return async (ctx: KoaContext, next: Next) => {
        const { path } = ctx
        const response =
          path === base || path.startsWith(`${base}/`)
            ? await adapter.routes(ctx, path.slice(base.length) || '/')
            : undefined
        if (response === undefined) return next()
        sendKoa(ctx, response)
      }
    },
    rateLimit(maxAttemptsOrOptions, windowMs) {
      const { limiter, view } = records.limiter(maxAttemptsOrOptions, windowMs)
      const middleware = async (ctx: KoaContext, next: Next) => {
        const out = await limiter.consume(view(ctx))
        // A refusal carries the limiter's headers already.
        if (out.refused) return sendKoa(ctx, out.refused)
        settleWhenDone(ctx.res, out)
        return next()
      }
      return Object.assign(middleware, { limiter })
    },
    loginGuard(opts) {
      const guard = records.loginGuard(opts)
      const admit = async (ctx: KoaContext, username: unknown) => {
        const refused = await guard.admit(ctx, username)
        if (refused) sendKoa(ctx, refused)
        return refused === undefined
      }
      return {
        check: guard.check,
        fail: guard.fail,
        succeed: guard.succeed,
        admit,
        middleware: (usernameOf) => async (ctx: KoaContext, next: Next) => {
          if (await admit(ctx, await usernameOf(ctx))) return next()
        },
      }
    },
    async signIn(ctx, userId, opts) {
      const r = await adapter.signIn(ctx, userId, opts)
      sendKoa(ctx, r)
      return r.body
    },
    errorHandler: () => answerErrors,
    sendError: (ctx, err) => sendKoa(ctx, core.errorResponse(err)),
    sessionOf(ctx) {
      const s = (ctx.state as Record<string, unknown> | undefined)?.[requestKey]
      return s instanceof RequestSession ? (s as RequestSession<D>) : undefined
    },
  } satisfies KoaSessions<D>)
}
