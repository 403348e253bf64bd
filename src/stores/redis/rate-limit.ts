/**
 * Redis side of rate limiting: one EVALSHA of `rate-limit.lua` per decision (one key, so it runs
 * unchanged on Cluster). The algorithm and its precision are described in `docs/rate-limiting.md`.
 */
import type { RateLimitDecision } from '../types.js'
import type { RedisPort } from './port.js'
import { runScript } from './run-script.js'
import { SCRIPTS } from './scripts.generated.js'

const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v ?? 0))

/**
 * Counts one hit against the bucket at `key` and decides. `now` is the caller's clock (epoch ms),
 * passed as an argument rather than read from Redis TIME so that memory and Redis decide alike.
 * @example await redisHit(port, bucketKey('jwts:', 'login:ip:1.2.3.4'), 5, 900_000, 0, Date.now())
 */
export async function redisHit(
  port: RedisPort,
  key: string,
  limit: number,
  windowMs: number,
  blockMs: number,
  now: number,
): Promise<RateLimitDecision> {
  const reply = await runScript(port, SCRIPTS.rateLimit, key, [limit, windowMs, blockMs, Math.floor(now)].map(String))
  const r = Array.isArray(reply) ? reply : []
  return { allowed: num(r[0]) === 1, remaining: num(r[1]), retryAfterMs: num(r[2]), resetMs: num(r[3]) }
}

/**
 * Takes back one hit counted at `hitAt` (the `now` given to {@link redisHit}); false when it had
 * already left the window or the bucket was reset.
 * @example await redisRefund(port, key, decisionTime)
 */
export async function redisRefund(port: RedisPort, key: string, hitAt: number): Promise<boolean> {
  return (await runScript(port, SCRIPTS.rateLimitRefund, key, [String(Math.floor(hitAt))])) === 1
}

/** Forgets a bucket: its hits and any block. */
export async function redisResetBucket(port: RedisPort, key: string): Promise<void> {
  await port.send(['DEL', key], key)
}
