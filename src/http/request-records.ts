/**
 * For adapters without middleware chains (node:http, the Fetch API): the handlers are called one
 * after another on the same request object, so what `auth` found is remembered per request (a
 * WeakMap: nothing is written on the request), and rate limiters are identified by creation order
 * because there is no mount point to name them by.
 */
import type { Duration } from '../config/duration.js'
import { ConfigError } from '../errors/index.js'
import type { Sessions } from '../sessions/types.js'
import type { AuthOutcome, HttpAdapter } from './adapter.js'
import type { Authenticated } from './core.js'
import { rateLimitOptionsOf, trackLoginGuard, type TrackedLoginGuard } from './rate-limit/adapter.js'
import { createLimiter, type Limiter } from './rate-limit/limiter.js'
import type { LoginGuardOptions } from './rate-limit/login-guard.js'
import type { LimiterRequest, RateLimitOptions } from './rate-limit/options.js'

/** What {@link recordRequests} returns. */
export interface RequestRecords<Req extends object, D> {
  /** `adapter.authenticate`, remembering a found session for `authOf`, `logout`, `logoutAll` and limiters keyed by user. */
  authenticate(req: Req, optional: boolean): Promise<AuthOutcome<D>>
  /** What `authenticate` found for this request, if it ran and found a session. */
  authOf(req: Req): Authenticated<D> | undefined
  /** A limiter; `rateLimit(5, '15m')` or `rateLimit({ ... })`. */
  limiter(
    maxAttemptsOrOptions: number | RateLimitOptions<Req>,
    windowMs?: Duration,
  ): { limiter: Limiter<Req>; view(req: Req): LimiterRequest<Req> }
  /** A login guard keyed by request. */
  loginGuard(options?: LoginGuardOptions): TrackedLoginGuard<Req>
}

/**
 * Per-request records over an adapter.
 *
 * @param ipOf - the client address of a request, or undefined when unknown
 * @param ipKnown - false when `ipOf` cannot know it (then limiters that key by IP are refused)
 * @example
 * ```ts
 * const records = recordRequests(sessions, adapter, (req) => req.socket.remoteAddress, true, 'node')
 * ```
 */
export function recordRequests<Req extends object, D>(
  sessions: Sessions<D>,
  adapter: HttpAdapter<Req, D>,
  ipOf: (req: Req) => string | undefined,
  ipKnown: boolean,
  method: (req: Req) => string,
): RequestRecords<Req, D> {
  const auths = new WeakMap<Req, Authenticated<D>>()
  let limiters = 0
  const needIp = (what: string) => {
    if (!ipKnown)
      throw new ConfigError(
        `${what} counts per client address: give the "clientIp" option (how to find the client's address)`,
      )
  }
  return {
    async authenticate(req, optional) {
      const outcome = await adapter.authenticate(req, optional)
      if (outcome.auth !== undefined) auths.set(req, outcome.auth)
      return outcome
    },
    authOf: (req) => auths.get(req),
    limiter(maxAttemptsOrOptions, windowMs) {
      const limiter = createLimiter<Req>(sessions.store, rateLimitOptionsOf(maxAttemptsOrOptions, windowMs))
      if (limiter.options.keys.some((k) => k === 'ip' || k === 'user')) needIp('rateLimit keyed by "ip" or "user"')
      // Unnamed limiters get separate buckets by creation order (the same in every process).
      const mount = `rateLimit#${++limiters}`
      return {
        limiter,
        view: (req) => ({
          ip: ipOf(req),
          method: method(req),
          mount,
          userId: auths.get(req)?.context.userId,
          raw: req,
        }),
      }
    },
    loginGuard(options = {}) {
      needIp('loginGuard')
      return trackLoginGuard<Req>(sessions.store, options, ipOf)
    },
  }
}
