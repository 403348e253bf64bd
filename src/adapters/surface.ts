import type { Duration } from '../config/duration.js'
import type { HttpCore } from '../http/core.js'
import type { LoginGuardOptions } from '../http/rate-limit/login-guard.js'
import type { RateLimitOptions } from '../http/rate-limit/options.js'

/** A framework's types for the members of {@link AdapterSurface}. */
export interface AdapterTypes {
  /** The form of `auth` (a hook, a middleware). */
  auth: unknown
  /** The form of `optionalAuth`. */
  optionalAuth: unknown
  /** The form of `logout`, `logoutAll` and `refresh`. */
  handler: unknown
  /** The request a rate limit keys on (what its `key` function is given). */
  request: unknown
  /** What `rateLimit` returns. */
  rateLimit: unknown
  /** What `loginGuard` returns. */
  loginGuard: unknown
}

/**
 * What every framework adapter offers, in its framework's types `T`: the same names, the same
 * behaviour on the wire (the HTTP conformance suite checks it), every error answered in the
 * contract envelope.
 */
export interface AdapterSurface<D, T extends AdapterTypes> {
  /** Requires a valid token and puts the user and the request session where the framework keeps request state; else 401/403/503. */
  auth: T['auth']
  /** Like `auth`, but a request without any token goes on anonymously. A bad token is still 401. */
  optionalAuth: T['optionalAuth']
  /** Ends the request's session (after `auth`, or on its own with the token of the request). */
  logout: T['handler']
  /** Ends every session of the user; `{ "exceptCurrent": true }` keeps the current one. */
  logoutAll: T['handler']
  /** Rotates the refresh token from the body `{ refreshToken }` or the refresh cookie. */
  refresh: T['handler']
  /** A rate limit on the session store: `rateLimit(5, '15m')` or `rateLimit({ ... })`, with the standard headers. */
  rateLimit(maxAttemptsOrOptions: number | RateLimitOptions<T['request']>, windowMs?: Duration): T['rateLimit']
  /** Brute-force guard for login routes, on the session store. */
  loginGuard(options?: LoginGuardOptions): T['loginGuard']
  /** The framework-neutral core. */
  readonly core: HttpCore<D>
}
