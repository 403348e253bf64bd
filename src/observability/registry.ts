/**
 * Links a store (and a session engine) to the observability of the engine built on it, so that
 * parts constructed from the store alone (the Redis client's outage lines, rate limiters, the
 * login guard) log and count through the engine's `logger` and meter. Weak: nothing is kept alive.
 */
import type { LogSink } from './logger.js'

/** What a store-level part may report. */
export interface Attached {
  readonly sink: LogSink
  /** A rate limiter or login guard refused a request (`reason`: `limit` or `store_unavailable`). */
  refusal(limiter: string, reason: 'limit' | 'store_unavailable'): void
}

const byTarget = new WeakMap<object, Attached>()

/** Registers `a` for `target` (a store or a session engine). */
export function attach(target: object, a: Attached): void {
  byTarget.set(target, a)
}

/** The observability attached to `target`, if any. */
export function attachedTo(target: unknown): Attached | undefined {
  return typeof target === 'object' && target !== null ? byTarget.get(target) : undefined
}
