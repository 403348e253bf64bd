// Framework-neutral rate limiting: re-exports only.
export { createLimiter, type Limiter, type LimitOutcome } from './limiter.js'
export { LoginGuardCore, type LoginAttempt, type LoginGuardOptions } from './login-guard.js'
export type { KeyStrategy, LimiterRequest, RateLimitOptions, ResolvedRateLimit } from './options.js'
export { rateLimitHeaders } from './headers.js'
export { ipKey } from './ip.js'
export type { OutagePolicy } from './store-gate.js'
