import type { ErrorRequestHandler, NextFunction, Request, RequestHandler, Response } from 'express'
import { createHttpCore, type HttpCore, type PublicTokenSet } from '../../http/core.js'
import { fail } from '../../http/envelope.js'
import type { HttpSessionsOptions } from '../../http/options.js'
import { RequestSession, userFromClaims, type AuthUser } from '../../http/request-session.js'
import { errorResponse } from '../../http/respond.js'
import { HttpInputError } from '../../http/errors.js'
import { handleTokenRoute } from '../../http/token-routes.js'
import type { Duration } from '../../config/duration.js'
import type { Authenticated } from '../../http/core.js'
import type { RateLimitOptions } from '../../http/rate-limit/options.js'
import type { CreateOptions, Sessions } from '../../sessions/types.js'
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
   * Error middleware answering with the contract body: jwt-sessions errors, and body-parser failures
   * (`express.json()` over its limit → 413, invalid JSON → 400). Anything else goes to `next(err)`.
   */
  errorHandler(): ErrorRequestHandler
  /** The request session set by `auth` (typed with `D`), or undefined. */
  sessionOf(req: Request): RequestSession<D> | undefined
  /** The framework-neutral core (for adapters and tests). */
  readonly core: HttpCore<D>
}

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
  const core = createHttpCore(sessions, options)
  const { requestKey, bodyLimit } = core.config
  const needsBody = core.config.sources.includes('body')
  const slot = (req: Request) => req as unknown as Record<string, unknown>

  // How each request was authenticated (token source matters for CSRF and cookie clearing). A
  // symbol-keyed property, not a WeakMap: WeakMap writes showed on the per-request profile.
  const AUTH = Symbol('jwt-sessions.auth')

  const attach = (req: Request, auth: Authenticated<D> | undefined) => {
    if (auth === undefined) return
    slot(req)[AUTH as unknown as string] = auth
    const user: AuthUser = userFromClaims(auth.context.userId, auth.context.claims)
    slot(req).user = user
    slot(req)[requestKey] = new RequestSession<D>(sessions, auth.context, auth.token)
  }

  const authenticate = (optional: boolean): RequestHandler => async (req, res, next) => {
    try {
      if (needsBody && req.method !== 'GET' && req.method !== 'HEAD') await bodyOf(req, bodyLimit)
      const view = viewOf(req)
      const auth = optional ? await core.authenticate(view) : await core.requireAuth(view)
      attach(req, auth)
    } catch (err) {
      return sendExpress(res, errorResponse(err))
    }
    next()
  }

  const currentAuth = (req: Request) => slot(req)[AUTH as unknown as string] as Authenticated<D> | undefined

  const handler =
    (fn: (req: Request) => Promise<{ status: number; headers: Record<string, string | string[]>; body: unknown }>): RequestHandler =>
    async (req, res) => {
      try {
        await bodyOf(req, bodyLimit)
        sendExpress(res, await fn(req))
      } catch (err) {
        const r = errorResponse(err)
        sendExpress(res, { ...r, headers: { ...r.headers, ...core.errorHeaders(err) } })
      }
    }

  const api: ExpressSessions<D> = {
    core,
    auth: authenticate(false),
    optionalAuth: authenticate(true),
    logout: handler(async (req) => core.logout(viewOf(req), currentAuth(req))),
    logoutAll: handler(async (req) => {
      const view = viewOf(req)
      return core.logoutAll(view, currentAuth(req) ?? (await core.requireAuth(view)))
    }),
    refresh: handler(async (req) => core.refresh(viewOf(req))),
    routes: (): RequestHandler => async (req: Request, res: Response, next: NextFunction) => {
      const view = viewOf(req)
      try {
        const response = await handleTokenRoute(core, view, req.path, req, () => bodyOf(req, bodyLimit))
        if (response === undefined) return next()
        sendExpress(res, response)
      } catch (err) {
        sendExpress(res, fail(err))
      }
    },
    rateLimit: (limit, windowMs) => createRateLimit(sessions.store, limit, windowMs),
    loginGuard: (opts) => createLoginGuard(sessions.store, opts),
    async signIn(req, res, userId, opts) {
      const r = await core.signIn(viewOf(req), userId, opts)
      for (const [name, value] of Object.entries(r.headers)) {
        if (Array.isArray(value)) for (const v of value) res.append(name, v)
        else res.setHeader(name, value)
      }
      return r.body
    },
    errorHandler: (): ErrorRequestHandler => (err: unknown, _req, res, next) => {
      const mapped = fromBodyParser(err)
      const r = errorResponse(mapped ?? err)
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

/** body-parser's errors carry `type` and a 4xx `status`; map the common ones to contract codes. */
function fromBodyParser(err: unknown): HttpInputError | undefined {
  if (typeof err !== 'object' || err === null) return undefined
  const { type, status } = err as { type?: unknown; status?: unknown }
  if (typeof type !== 'string' || typeof status !== 'number' || status < 400 || status >= 500) return undefined
  if (status === 413) return new HttpInputError('PAYLOAD_TOO_LARGE', 'The request body is too large')
  if (status === 415) return new HttpInputError('UNSUPPORTED_MEDIA_TYPE', 'Unsupported request body type')
  return new HttpInputError('BAD_REQUEST', 'The request body could not be read')
}
