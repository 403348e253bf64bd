/**
 * Express (4 and 5) adapters of the framework-neutral limiter and login guard. The client address
 * is always `req.ip`, so it follows the app's `trust proxy` setting: an `X-Forwarded-For` the app
 * does not trust is never read.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express'
import type { Duration } from '../../config/duration.js'
import { createLimiter, type Limiter } from '../../http/rate-limit/limiter.js'
import { rateLimitOptionsOf, trackLoginGuard } from '../../http/rate-limit/adapter.js'
import type { LoginAttempt, LoginGuardOptions } from '../../http/rate-limit/login-guard.js'
import type { LimiterRequest, RateLimitOptions } from '../../http/rate-limit/options.js'
import type { SessionStore } from '../../stores/types.js'
import { settleWhenDone } from '../node/send.js'
import { sendExpress } from './send.js'

function view(req: Request): LimiterRequest<Request> {
  const route = (req as { route?: { path?: unknown } }).route
  const user = (req as { user?: { id?: unknown } }).user
  return {
    ip: req.ip,
    method: req.method,
    mount: `${req.baseUrl ?? ''}${route?.path === undefined ? '' : String(route.path)}`,
    userId: user && (typeof user.id === 'string' || typeof user.id === 'number') ? String(user.id) : undefined,
    raw: req,
  }
}

/** An Express rate-limit middleware that also exposes its limiter (for `reset`, tests). */
export type RateLimitHandler = RequestHandler & { readonly limiter: Limiter<Request> }

/**
 * Rate-limit middleware: `createRateLimit(store, 5, '15m')` (seed 000's `rateLimit(maxAttempts,
 * windowMs)`) or `createRateLimit(store, { limit, window, key, blockDuration, ... })`. Refused
 * requests get 429 `RATE_LIMITED` with `Retry-After`; every counted response carries `RateLimit`
 * and `RateLimit-Policy`. Unnamed limiters keep separate buckets per mount point.
 * @example
 * ```ts
 * app.post('/login', createRateLimit(store, 5, 15 * 60 * 1000), loginHandler)
 * app.use('/api', createRateLimit(store, { limit: 100, window: '1m', key: 'user', name: 'api' }))
 * ```
 */
export function createRateLimit(
  store: SessionStore,
  maxAttemptsOrOptions: number | RateLimitOptions<Request>,
  windowMs?: Duration,
): RateLimitHandler {
  const limiter = createLimiter<Request>(store, rateLimitOptionsOf(maxAttemptsOrOptions, windowMs))
  const handler = async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    try {
      const out = await limiter.consume(view(req))
      if (out.refused) {
        for (const [name, value] of Object.entries(out.headers)) res.setHeader(name, value)
        return sendExpress(res, out.refused)
      }
      settleWhenDone(res, out)
      next()
    } catch (err) {
      next(err)
    }
  }
  return Object.assign(handler, { limiter }) as RateLimitHandler
}

/** Express login guard: see {@link createLoginGuard}. */
export interface LoginGuard {
  /** Counts an attempt; rejects with RateLimitedError (429) or StoreUnavailableError (503). */
  check(req: Request, username: unknown): Promise<LoginAttempt>
  /** Marks the attempt of this request failed (it stays counted). The username is remembered from `check`. */
  fail(req: Request, username?: unknown): Promise<void>
  /** Marks the attempt of this request successful: the username's failures are cleared. */
  succeed(req: Request, username?: unknown): Promise<void>
  /** Middleware form of `check`: answers 429/503 itself, else remembers the attempt for fail/succeed. */
  middleware(username: (req: Request) => unknown): RequestHandler
}

/**
 * Brute-force protection for a login route: per-username and per-IP failure counts, a block after
 * `maxFailures`, and a reset on success. Every attempt counts as a failure until `succeed`.
 * @example
 * ```ts
 * const guard = createLoginGuard(store, { maxFailures: 5, window: '15m', block: '15m' })
 * app.post('/login', express.json(), guard.middleware((req) => req.body?.username), async (req, res) => {
 *   const user = await users.check(req.body.username, req.body.password)
 *   if (!user) { await guard.fail(req); return res.status(401).json({ error: 'bad credentials' }) }
 *   await guard.succeed(req)
 *   res.json(await sessions.create(user.id))
 * })
 * ```
 */
export function createLoginGuard(store: SessionStore, options: LoginGuardOptions = {}): LoginGuard {
  const guard = trackLoginGuard<Request>(store, options, (req) => req.ip)
  return {
    check: guard.check,
    fail: guard.fail,
    succeed: guard.succeed,
    middleware: (username) => async (req, res, next) => {
      try {
        const refused = await guard.admit(req, username(req))
        if (refused) return sendExpress(res, refused)
      } catch (err) {
        return next(err)
      }
      next()
    },
  }
}
