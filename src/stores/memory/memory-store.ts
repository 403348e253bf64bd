import { ConfigError } from '../../errors/index.js'
import { rejectUnknownKeys } from '../../config/unknown-keys.js'
import { byLoginOrder, sessionEndsAt } from '../record.js'
import { bindLifetimes, type LifetimeMethods } from '../bind-lifetimes.js'
import type {
  AdminStore,
  CreateInput,
  GetResult,
  Lifetimes,
  ListedSession,
  RateLimitDecision,
  RotateInput,
  RotateResult,
  SessionBackend,
  SessionStore,
  StoredSession,
  VerifyResult,
} from '../types.js'
import type { LifetimeVerifyArgs } from '../types.js'
import { MemoryBuckets } from './rate-limit.js'

interface Entry {
  session: StoredSession
  /** Login number, store-wide: orders logins of one millisecond. */
  seq: number
  data: string | null
  meta: string | null
  claims: string | null
  grace: { hash: string; at: number; blob: string } | null
}

const order = (e: Entry) => ({ createdAt: e.session.createdAt, seq: e.seq, key: e.session.key })

/** Options of {@link memoryStore}. */
export interface MemoryStoreOptions {
  /** How often expired sessions are swept from memory. Default 60 s. The timer never keeps the process alive. */
  sweepIntervalMs?: number
}

/**
 * An in-process store with the same semantics as the Redis store (expiry, limits, rotation, grace,
 * reuse detection, rate limits). Single-process only: two processes each see their own sessions.
 * The demo's default and the test double of choice; not for production clusters.
 * @example createSessions({ store: memoryStore(), secret })
 */
export function memoryStore(options: MemoryStoreOptions = {}): SessionStore {
  if (options === null || typeof options !== 'object') throw new ConfigError('memoryStore options must be an object')
  rejectUnknownKeys(options, ['sweepIntervalMs'], 'memoryStore')
  const sweepIntervalMs = options.sweepIntervalMs ?? 60_000
  if (typeof sweepIntervalMs !== 'number' || !Number.isFinite(sweepIntervalMs) || sweepIntervalMs < 1) {
    throw new ConfigError('memoryStore: sweepIntervalMs must be a positive number of milliseconds')
  }
  return new MemorySessionStore(sweepIntervalMs)
}

class MemorySessionStore implements SessionStore, LifetimeMethods {
  readonly kind = 'memory'
  private readonly users = new Map<string, Map<string, Entry>>()
  private readonly buckets = new MemoryBuckets()
  private logins = 0
  /** The longest lifetimes any engine bound: the sweep never drops what one of them still holds live. */
  private sweepLife: Lifetimes | undefined
  private readonly sweeper: NodeJS.Timeout

  constructor(sweepIntervalMs: number) {
    this.sweeper = setInterval(() => this.sweep(Date.now()), sweepIntervalMs)
    this.sweeper.unref()
  }

  sessions(life: Lifetimes): SessionBackend & AdminStore {
    const longest = this.sweepLife
    this.sweepLife = {
      idleTtlMs: Math.max(longest?.idleTtlMs ?? 0, life.idleTtlMs),
      graceMs: Math.max(longest?.graceMs ?? 0, life.graceMs),
    }
    return bindLifetimes(this, life)
  }

  private sweep(now: number): void {
    const life = this.sweepLife
    if (life) for (const [userId, m] of this.users) this.prune(userId, m, now, life)
    this.buckets.sweep(now)
  }

  private prune(userId: string, m: Map<string, Entry>, now: number, life: Lifetimes): void {
    for (const [k, e] of m) {
      if (sessionEndsAt(e.session, life.idleTtlMs) <= now) m.delete(k)
      else if (e.grace && e.grace.at + life.graceMs <= now) e.grace = null
    }
    if (m.size === 0) this.users.delete(userId)
  }

  /** A live entry, deleting it when expired (as the Redis scripts do). */
  private live(userId: string, key: string, now: number, life: Lifetimes): Entry | undefined {
    const m = this.users.get(userId)
    const e = m?.get(key)
    if (!m || !e) return undefined
    if (sessionEndsAt(e.session, life.idleTtlMs) <= now) {
      m.delete(key)
      if (m.size === 0) this.users.delete(userId)
      return undefined
    }
    return e
  }

  async create(i: CreateInput, life: Lifetimes): Promise<{ evicted: string[] }> {
    let m = this.users.get(i.userId)
    if (!m) this.users.set(i.userId, (m = new Map()))
    this.prune(i.userId, m, i.now, life)
    this.users.set(i.userId, m)
    const evicted: string[] = []
    if (Number.isFinite(i.maxSessions) && m.size >= i.maxSessions) {
      const oldest = [...m.values()].sort((a, b) => byLoginOrder(order(a), order(b)))
      for (const e of oldest.slice(0, m.size - i.maxSessions + 1)) {
        m.delete(e.session.key)
        evicted.push(e.session.key)
      }
    }
    m.set(i.key, {
      session: {
        key: i.key,
        createdAt: i.now,
        lastActiveAt: i.now,
        absoluteExpiresAt: i.absoluteExpiresAt,
        generation: 0,
        refreshHash: i.refreshHash,
      },
      seq: ++this.logins,
      data: i.data ?? null,
      meta: i.meta ?? null,
      claims: i.claims ?? null,
      grace: null,
    })
    return { evicted }
  }

  async verify(
    ...[userId, key, now, touchAfterMs, life, generation]: LifetimeVerifyArgs
  ): Promise<VerifyResult | null> {
    const e = this.live(userId, key, now, life)
    if (!e) return null
    if (generation !== undefined && e.session.generation !== generation) return { data: null, superseded: true }
    if (now - e.session.lastActiveAt >= touchAfterMs) e.session.lastActiveAt = now
    return { data: e.data }
  }

  async rotate(i: RotateInput, life: Lifetimes): Promise<RotateResult> {
    const e = this.live(i.userId, i.key, i.now, life)
    if (!e) return { kind: 'missing' }
    const s = e.session
    if (s.refreshHash === i.presentedHash) {
      s.refreshHash = i.newHash
      s.generation++
      s.lastActiveAt = i.now
      e.grace = { hash: i.presentedHash, at: i.now, blob: i.graceBlob }
      if (i.meta !== undefined) e.meta = i.meta
      return { kind: 'rotated', session: { ...s }, claims: e.claims }
    }
    if (e.grace && e.grace.hash === i.presentedHash) {
      if (i.now - e.grace.at < life.graceMs) {
        return { kind: 'grace', session: { ...s }, claims: e.claims, graceBlob: e.grace.blob, rotatedAt: e.grace.at }
      }
      this.users.get(i.userId)?.delete(i.key)
      return { kind: 'reused', reason: 'grace-expired' }
    }
    this.users.get(i.userId)?.delete(i.key)
    return { kind: 'reused', reason: 'retired-token' }
  }

  async revoke(userId: string, key: string, now: number, life: Lifetimes): Promise<boolean> {
    const e = this.live(userId, key, now, life)
    this.users.get(userId)?.delete(key)
    if (this.users.get(userId)?.size === 0) this.users.delete(userId)
    return e !== undefined
  }

  async revokeAll(userId: string, exceptKey: string | undefined, now: number, life: Lifetimes): Promise<string[]> {
    const m = this.users.get(userId)
    if (!m) return []
    const gone: string[] = []
    for (const [k, e] of m) {
      if (k === exceptKey) continue
      if (sessionEndsAt(e.session, life.idleTtlMs) > now) gone.push(k)
      m.delete(k)
    }
    if (m.size === 0) this.users.delete(userId)
    return gone
  }

  async list(userId: string, now: number, life: Lifetimes): Promise<ListedSession[]> {
    const m = this.users.get(userId)
    if (!m) return []
    return [...m.values()]
      .filter((e) => sessionEndsAt(e.session, life.idleTtlMs) > now)
      .sort((a, b) => byLoginOrder(order(a), order(b)))
      .map((e) => ({ ...e.session, meta: e.meta }))
  }

  async get(userId: string, key: string, now: number, life: Lifetimes): Promise<GetResult | null> {
    const e = this.users.get(userId)?.get(key)
    if (!e || sessionEndsAt(e.session, life.idleTtlMs) <= now) return null
    return { ...e.session, data: e.data, meta: e.meta }
  }

  async update(userId: string, key: string, data: string | null, now: number, life: Lifetimes): Promise<boolean> {
    const e = this.live(userId, key, now, life)
    if (!e) return false
    e.data = data
    return true
  }

  async touch(userId: string, key: string, now: number, life: Lifetimes): Promise<boolean> {
    const e = this.live(userId, key, now, life)
    if (!e) return false
    e.session.lastActiveAt = now
    return true
  }

  async hit(bucket: string, limit: number, windowMs: number, blockMs: number, now: number): Promise<RateLimitDecision> {
    return this.buckets.hit(bucket, limit, windowMs, blockMs, now)
  }

  async refundHit(bucket: string, hitAt: number): Promise<boolean> {
    return this.buckets.refund(bucket, hitAt)
  }

  async resetBucket(bucket: string): Promise<void> {
    this.buckets.reset(bucket)
  }

  async ping(): Promise<number> {
    return 0
  }

  async countAll(now: number, life: Lifetimes): Promise<{ sessions: number; users: number }> {
    let sessions = 0
    let users = 0
    for (const m of this.users.values()) {
      const n = [...m.values()].filter((e) => sessionEndsAt(e.session, life.idleTtlMs) > now).length
      sessions += n
      if (n > 0) users++
    }
    return { sessions, users }
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper)
  }
}
