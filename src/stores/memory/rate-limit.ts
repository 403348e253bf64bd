/**
 * In-process rate-limit buckets with exactly the semantics of `rate-limit.lua` (sliding-window
 * log, block, refund), so that `memoryStore()` and `redisStore()` pass the same conformance tests.
 * Also used as the in-memory insurance limiter while Redis is away.
 */
import type { RateLimitDecision } from '../types.js'

interface Bucket {
  /** Admitted hits (epoch ms), ascending. At most `limit` entries live in the window. */
  hits: number[]
  blockedUntil: number
  /** When the bucket is empty and can be forgotten. */
  expiresAt: number
}

/** Insertion point keeping `a` ascending; after equal values, as Redis orders equal scores by member. */
function upperBound(a: number[], v: number): number {
  let lo = 0
  let hi = a.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if ((a[mid] as number) <= v) lo = mid + 1
    else hi = mid
  }
  return lo
}

/**
 * Sliding-window-log buckets. Synchronous, hence atomic within the process.
 * @example new MemoryBuckets().hit('login:ip:1.2.3.4', 5, 900_000, 0, Date.now())
 */
export class MemoryBuckets {
  private readonly buckets = new Map<string, Bucket>()

  /** Counts one hit and decides (see `SessionStore.hit`). */
  hit(bucket: string, limit: number, windowMs: number, blockMs: number, nowMs: number): RateLimitDecision {
    const now = Math.floor(nowMs)
    let b = this.buckets.get(bucket)
    if (!b) this.buckets.set(bucket, (b = { hits: [], blockedUntil: 0, expiresAt: 0 }))
    const hits = b.hits
    // A hit at `at` counts during [at, at + window), as in the Lua script.
    const gone = upperBound(hits, now - windowMs)
    if (gone > 0) hits.splice(0, gone)
    const newestEnd = () => (hits.length > 0 ? (hits[hits.length - 1] as number) + windowMs : now)
    if (b.blockedUntil > now) {
      return {
        allowed: false,
        remaining: 0,
        retryAfterMs: b.blockedUntil - now,
        resetMs: Math.max(b.blockedUntil, newestEnd()) - now,
      }
    }
    b.blockedUntil = 0
    const count = hits.length
    if (count < limit) {
      hits.splice(upperBound(hits, now), 0, now)
      const resetMs = newestEnd() - now
      b.expiresAt = now + resetMs
      return { allowed: true, remaining: limit - count - 1, retryAfterMs: 0, resetMs }
    }
    let retryAfterMs = (hits[count - limit] as number) + windowMs - now
    if (blockMs > retryAfterMs) {
      b.blockedUntil = now + blockMs
      retryAfterMs = blockMs
    }
    const resetMs = Math.max(newestEnd() - now, retryAfterMs)
    b.expiresAt = now + resetMs
    return { allowed: false, remaining: 0, retryAfterMs, resetMs }
  }

  /** Takes back one hit counted at `hitAt`; false when it is no longer there. */
  refund(bucket: string, hitAtMs: number): boolean {
    const hitAt = Math.floor(hitAtMs)
    const hits = this.buckets.get(bucket)?.hits
    if (!hits) return false
    const i = upperBound(hits, hitAt) - 1
    if (i < 0 || hits[i] !== hitAt) return false
    hits.splice(i, 1)
    return true
  }

  /** Forgets a bucket: its hits and any block. */
  reset(bucket: string): void {
    this.buckets.delete(bucket)
  }

  /** Drops buckets that are empty by `now` (called by the store's sweep timer). */
  sweep(now: number): void {
    for (const [name, b] of this.buckets) if (b.expiresAt <= now) this.buckets.delete(name)
  }

  /** Number of buckets held (for tests and insurance-limiter bounds). */
  get size(): number {
    return this.buckets.size
  }
}
