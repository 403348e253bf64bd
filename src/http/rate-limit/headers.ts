/**
 * The IETF rate-limit header fields, as defined by draft-ietf-httpapi-ratelimit-headers-11
 * (May 2026), which uses Structured Field lists:
 *
 *   RateLimit-Policy: "login";q=5;w=900
 *   RateLimit: "login";r=3;t=840
 *
 * `q` is the quota, `w` the window (s), `r` the quota left, `t` the effective window (s). No `pk`
 * (partition key) is sent: ours are client addresses and user ids, which the draft asks servers
 * not to disclose.
 */
import type { RateLimitDecision } from '../../stores/types.js'

/** Whole seconds, rounded up: the draft has no sub-second precision and `w` must be non-zero. */
const seconds = (ms: number): number => Math.max(0, Math.ceil(ms / 1000))

/**
 * `RateLimit-Policy` and `RateLimit` for one decision. `t` is the time until the bucket is empty
 * (when admitted; a client that waits that long gets the whole quota back) or until a request is
 * admitted again (when refused, equal to `Retry-After`).
 * @example rateLimitHeaders('api', 100, 60_000, decision) // { 'ratelimit-policy': '"api";q=100;w=60', ratelimit: '"api";r=99;t=60' }
 */
export function rateLimitHeaders(
  policy: string,
  limit: number,
  windowMs: number,
  d: RateLimitDecision,
): Record<string, string> {
  const t = d.allowed ? seconds(d.resetMs) : Math.max(1, seconds(d.retryAfterMs))
  return {
    'ratelimit-policy': `"${policy}";q=${limit};w=${Math.max(1, seconds(windowMs))}`,
    ratelimit: `"${policy}";r=${Math.max(0, d.remaining)};t=${t}`,
  }
}
