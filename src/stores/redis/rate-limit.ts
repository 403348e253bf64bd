// PLACEHOLDER owned by the rate-limiting work (issue 4): replaced by the real limiter.
import type { RateLimitDecision } from '../types.js'
import type { RedisPort } from './port.js'

export async function redisHit(_port: RedisPort, _key: string, _limit: number, _windowMs: number, _blockMs: number, _now: number): Promise<RateLimitDecision> {
  throw new Error('rate limiting not implemented yet')
}
export async function redisResetBucket(port: RedisPort, key: string): Promise<void> {
  await port.send(['DEL', key], key)
}
