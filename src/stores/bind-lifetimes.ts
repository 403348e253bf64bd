import type {
  AdminStore,
  CreateInput,
  GetResult,
  Lifetimes,
  ListedSession,
  RotateInput,
  RotateResult,
  SessionBackend,
  VerifyResult,
} from './types.js'
import type { LifetimeVerifyArgs } from './types.js'

/**
 * The built-in stores' internal shape: every session method takes the lifetimes last. One engine's
 * lifetimes are bound once by {@link bindLifetimes}, so several engines can share one store.
 */
export interface LifetimeMethods {
  create(i: CreateInput, life: Lifetimes): Promise<{ evicted: string[] }>
  verify(...args: LifetimeVerifyArgs): Promise<VerifyResult | null>
  rotate(i: RotateInput, life: Lifetimes): Promise<RotateResult>
  revoke(userId: string, key: string, now: number, life: Lifetimes): Promise<boolean>
  revokeAll(userId: string, exceptKey: string | undefined, now: number, life: Lifetimes): Promise<string[]>
  list(userId: string, now: number, life: Lifetimes): Promise<ListedSession[]>
  get(userId: string, key: string, now: number, life: Lifetimes): Promise<GetResult | null>
  update(userId: string, key: string, data: string | null, now: number, life: Lifetimes): Promise<boolean>
  touch(userId: string, key: string, now: number, life: Lifetimes): Promise<boolean>
  countAll(now: number, life: Lifetimes): Promise<{ sessions: number; users: number }>
}

/**
 * A {@link SessionBackend} (with `countAll`) over `s` with `life` bound.
 * @example sessions(life) { return bindLifetimes(this, life) }
 */
export function bindLifetimes(s: LifetimeMethods, life: Lifetimes): SessionBackend & AdminStore {
  const l: Lifetimes = Object.freeze({ idleTtlMs: life.idleTtlMs, graceMs: life.graceMs })
  return {
    create: (i) => s.create(i, l),
    verify: (userId, key, now, touchAfterMs, generation) => s.verify(userId, key, now, touchAfterMs, l, generation),
    rotate: (i) => s.rotate(i, l),
    revoke: (userId, key, now) => s.revoke(userId, key, now, l),
    revokeAll: (userId, exceptKey, now) => s.revokeAll(userId, exceptKey, now, l),
    list: (userId, now) => s.list(userId, now, l),
    get: (userId, key, now) => s.get(userId, key, now, l),
    update: (userId, key, data, now) => s.update(userId, key, data, now, l),
    touch: (userId, key, now) => s.touch(userId, key, now, l),
    countAll: (now) => s.countAll(now, l),
  }
}
