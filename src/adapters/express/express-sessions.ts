import type { ErrorRequestHandler, NextFunction, Request, RequestHandler, Response } from 'express'
import { createAdapter, type AuthOutcome, type HttpAdapter } from '../../http/adapter.js'
import type { Authenticated, HttpCore, PublicTokenSet } from '../../http/core.js'
import type { HttpSessionsOptions } from '../../http/options.js'
import type { RateLimitOptions } from '../../http/rate-limit/options.js'
import { RequestSession } from '../../http/request-session.js'
import { errorResponse, type HttpResponse } from '../../http/respond.js'
import type { Duration } from '../../config/duration.js'
import type { CreateOptions, Sessions } from '../../sessions/types.js'
import { fromBodyParser } from './body-parser-errors.js'
import { createLoginGuard, createRateLimit, type LoginGuard, type RateLimitHandler } from './rate-limit.js'
import { sendExpress } from './send.js'
import { bodyOf, viewOf } from './view.js'

/** Options of {@link expressSessions}: the shared HTTP options (see `docs/express.md`). */
export interface ExpressSessionsOptions<K extends string = string> extends HttpSessionsOptions {
  /** Property of `req` that holds the request session. Default `'session'`. */
  requestKey?: K
}

/** What {@link expressSessions} returns. */
export interface ExpressSessions<D = unknown> {
  /** Requires a valid token: sets `req.user` and `req[requestKey]`, else answers 401 (403 on CSRF failure). */
  auth: RequestHandler
  /** Like `auth`, but a request without any token continues anonymously. A bad token is still 401. */
  optionalAuth: RequestHandler
  /** Ends the request's session (after `auth`, or on its own with the token of the request). */
  logout: RequestHandler
  /** Ends every session of the user; `{ "exceptCurrent": true }` keeps the current one. Needs `auth`. */
  logoutAll: RequestHandler
  /** Rotates the refresh token from the body `{ refreshToken }` or the refresh cookie. */
  refresh: RequestHandler
  /** Seed 004's endpoints plus `GET /sessions` and `DELETE /sessions/:id`; mount with `app.use(path, ...)`. */
  routes(): RequestHandler
  /** Rate-limit middleware on the session store: `rateLimit(5, '15m')` or `rateLimit({ ... })`. */
  rateLimit(maxAttemptsOrOptions: number | RateLimitOptions<Request>, windowMs?: Duration): RateLimitHandler
  /** Brute-force guard for login routes, on the session store. */
  loginGuard(options?: Parameters<typeof createLoginGuard>[1]): LoginGuard
  /**
   * Starts a session for `userId` and answers it: the token set as JSON, or in cookie mode the cookies
   * plus the token set without token values. Records the client's IP and user agent for listing.
   */
  signIn(req: Request, res: Response, userId: string, options?: CreateOptions<D>): Promise<PublicTokenSet>
  /**
   * Error middleware answering with the contract body: jwt-sessions errors, and every body-parser
   * failure (`express.json()` over its limit → 413, an unsupported type or encoding → 415, invalid
   * JSON or a body that does not decompress → 400). Anything else goes to `next(err)`.
   */
  errorHandler(): ErrorRequestHandler
  /** The request session set by `auth` (typed with `D`), or undefined. */
  sessionOf(req: Request): RequestSession<D> | undefined
  /** The framework-neutral core (for adapters and tests). */
  readonly core: HttpCore<D>
}

const binding = { view: viewOf, readBody: bodyOf }

/**
 * Express (4 and 5) integration: middleware, handlers and seed 004's routes over a session engine.
 *
 * @example
 * ```ts
 * const jwt = expressSessions(sessions, { requestKey: 'session' })
 * app.get('/profile', jwt.auth, (req, res) => res.json({ user: req.user }))
 * app.use('/api/token', jwt.routes())
 * ```
 */
export function expressSessions<D = unknown>(
  sessions: Sessions<D>,
  options: ExpressSessionsOptions = {},
): ExpressSessions<D> {
  const adapter: HttpAdapter<Request, D> = createAdapter(sessions, options, binding, 'expressSessions options')
  const { core } = adapter
  const { requestKey } = core.config
  const slot = (req: Request) => req as unknown as Record<string | symbol, unknown>

  // How each request was authenticated (token source matters for CSRF and cookie clearing). A
  // symbol-keyed property, not a WeakMap: WeakMap writes showed on the per-request profile.
  const AUTH = Symbol('jwt-sessions.auth')

  const attach = (req: Request, outcome: AuthOutcome<D>) => {
    if (outcome.auth === undefined) return
    slot(req)[AUTH] = outcome.auth
    slot(req).user = outcome.user
    slot(req)[requestKey] = outcome.session
  }

  const authenticate =
    (optional: boolean): RequestHandler =>
    async (req, res, next) => {
      const outcome = await adapter.authenticate(req, optional)
      if (outcome.response !== undefined) return sendExpress(res, outcome.response)
      attach(req, outcome)
      next()
    }

  const currentAuth = (req: Request) => slot(req)[AUTH] as Authenticated<D> | undefined

  const handler =
    (fn: (req: Request) => Promise<HttpResponse>): RequestHandler =>
    async (req, res) =>
      sendExpress(res, await fn(req))

  const api: ExpressSessions<D> = {
    core,
    auth: authenticate(false),
    optionalAuth: authenticate(true),
    logout: handler((req) => adapter.logout(req, currentAuth(req))),
    logoutAll: handler((req) => adapter.logoutAll(req, currentAuth(req))),
    refresh: handler((req) => adapter.refresh(req)),
    routes: (): RequestHandler => async (req: Request, res: Response, next: NextFunction) => {
      const response = await adapter.routes(req, req.path)
      if (response === undefined) return next()
      sendExpress(res, response)
    },
    rateLimit: (limit, windowMs) => createRateLimit(sessions.store, limit, windowMs),
    loginGuard: (opts) => createLoginGuard(sessions.store, opts),
    async signIn(req, res, userId, opts) {
      const r = await adapter.signIn(req, userId, opts)
      for (const [name, value] of Object.entries(r.headers)) {
        if (Array.isArray(value)) for (const v of value) res.append(name, v)
        else res.setHeader(name, value)
      }
      return r.body
    },
    errorHandler: (): ErrorRequestHandler => (err: unknown, _req, res, next) => {
      const r = errorResponse(fromBodyParser(err) ?? err)
      if (r.status === 500 || res.headersSent) return next(err)
      sendExpress(res, r)
    },
    sessionOf: (req) => {
      const s = slot(req)[requestKey]
      return s instanceof RequestSession ? (s as RequestSession<D>) : undefined
    },
  }
  return Object.freeze(api)
}
