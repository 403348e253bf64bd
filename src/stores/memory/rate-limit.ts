// PLACEHOLDER owned by the rate-limiting work (issue 4): replaced by the real limiter.
import type { RateLimitDecision } from '../types.js'

export class MemoryBuckets {
  hit(_bucket: string, _limit: number, _windowMs: number, _blockMs: number, _now: number): RateLimitDecision {
    throw new Error('rate limiting not implemented yet')
  }
  reset(_bucket: string): void {}
  sweep(_now: number): void {}
}
