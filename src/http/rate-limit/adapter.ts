/**
 * The framework-neutral half of the rate-limit and login-guard adapters: the `rateLimit(n, window)`
 * shorthand, and which login attempt belongs to which request. Adapters add only how to answer.
 */
import type { Duration } from '../../config/duration.js'
import { ConfigError } from '../../errors/index.js'
import type { SessionStore } from '../../stores/types.js'
import { errorResponse, type ErrorBody, type HttpResponse } from '../respond.js'
import { LoginGuardCore, type LoginAttempt, type LoginGuardOptions } from './login-guard.js'
import type { RateLimitOptions } from './options.js'

/**
 * The options of `rateLimit(5, '15m')` (seed 000's positional form) or `rateLimit({ ... })`.
 *
 * @throws ConfigError when a window is given beside an options object.
 * @example
 * ```ts
 * rateLimitOptionsOf(5, '15m') // { limit: 5, window: '15m' }
 * ```
 */
export function rateLimitOptionsOf<Req>(
  maxAttemptsOrOptions: number | RateLimitOptions<Req>,
  windowMs?: Duration,
): RateLimitOptions<Req> {
  if (typeof maxAttemptsOrOptions === 'number') {
    return { limit: maxAttemptsOrOptions, ...(windowMs === undefined ? {} : { window: windowMs }) }
  }
  if (windowMs !== undefined)
    throw new ConfigError('give the window inside the options object (window), not as a third argument')
  return maxAttemptsOrOptions
}

/** A login guard that remembers each request's attempt, so `fail(req)` and `succeed(req)` find it. */
export interface TrackedLoginGuard<Req extends object> {
  /** Counts an attempt; rejects with RateLimitedError (429) or StoreUnavailableError (503). */
  check(req: Req, username: unknown): Promise<LoginAttempt>
  /** Marks the attempt of this request failed (it stays counted). */
  fail(req: Req): Promise<void>
  /** Marks the attempt of this request successful: the username's failures are cleared. */
  succeed(req: Req): Promise<void>
  /**
   * `check` for middleware: the 429/503 answer to send when the attempt is refused, else undefined
   * (the attempt is remembered). Other errors (a throwing key function) are rethrown.
   */
  admit(req: Req, username: unknown): Promise<HttpResponse<ErrorBody> | undefined>
}

/**
 * A login guard over `store` whose attempts are keyed by the request object.
 *
 * @param ipOf - the client address of a request, as the framework resolves it
 * @example
 * ```ts
 * const guard = trackLoginGuard(store, { maxFailures: 5 }, (req: Request) => req.ip)
 * const refused = await guard.admit(req, req.body?.username)
 * ```
 */
export function trackLoginGuard<Req extends object>(
  store: SessionStore,
  options: LoginGuardOptions,
  ipOf: (req: Req) => string | undefined,
): TrackedLoginGuard<Req> {
  const core = new LoginGuardCore(store, options)
  const attempts = new WeakMap<Req, LoginAttempt>()
  const check = async (req: Req, username: unknown) => {
    const attempt = await core.begin(ipOf(req), username)
    attempts.set(req, attempt)
    return attempt
  }
  return {
    check,
    fail: async (req) => attempts.get(req)?.fail(),
    succeed: async (req) => attempts.get(req)?.succeed(),
    async admit(req, username) {
      try {
        await check(req, username)
        return undefined
      } catch (err) {
        const code = (err as { code?: unknown })?.code
        if (code === 'RATE_LIMITED' || code === 'STORE_UNAVAILABLE') return errorResponse(err)
        throw err
      }
    },
  }
}
