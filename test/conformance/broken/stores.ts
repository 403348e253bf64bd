import { memoryStore } from '../../../src/index.js'
import type { AdminStore, Lifetimes, SessionBackend, SessionStore } from '../../../src/stores/types.js'

type Backend = SessionBackend & Partial<AdminStore>

/** A memory store whose session backend has one method replaced by a subtly wrong one. */
function breakBackend(patch: (real: Backend) => Partial<Backend>): SessionStore {
  const real = memoryStore()
  return {
    kind: 'broken',
    sessions: (life: Lifetimes) => {
      const b = real.sessions(life)
      return { ...b, ...patch(b) }
    },
    hit: (...a) => real.hit(...a),
    refundHit: (...a) => real.refundHit(...a),
    resetBucket: (b) => real.resetBucket(b),
    ping: () => real.ping(),
    close: () => real.close(),
  }
}

/** Stores that each break one rule of the contract; the conformance suite must fail every one. */
export const BROKEN: Record<string, () => SessionStore> = {
  // Decides expiry at the epoch instead of `now`: nothing ever expires for get.
  'get ignoring expiry': () => breakBackend((b) => ({ get: (userId, key) => b.get(userId, key, 0) })),
  'countAll always 0': () => breakBackend(() => ({ countAll: async () => ({ sessions: 0, users: 0 }) })),
  'list not oldest first': () =>
    breakBackend((b) => ({ list: async (userId, now) => (await b.list(userId, now)).reverse() })),
  'verify touching on every call': () =>
    breakBackend((b) => ({ verify: (userId, key, now) => b.verify(userId, key, now, 0) })),
}

/** The same wrapper with nothing replaced: it must pass, or the failures above prove nothing. */
export const CONTROL = (): SessionStore => breakBackend(() => ({}))
