/** One cached session: what a hit needs to decide alone (expiry, touch due, generation) and answer. */
export interface CachedSession {
  readonly userKey: string
  readonly key: string
  readonly data: string | null
  readonly lastActiveAt: number
  readonly absoluteExpiresAt: number
  readonly generation: number
}

/** A fill in flight: inserted only if nothing about its user changed since it started. */
export interface FillTicket {
  readonly userKey: string
  readonly epoch: number
  readonly seq: number
}

/**
 * The cached sessions, grouped by user key (one invalidation names a user and drops all their
 * sessions) and ordered by last use (at most `max`, least recently used evicted first).
 *
 * A fill races the invalidations: the store's answer may be older than an invalidation that arrived
 * before it. So a fill takes a ticket first, every invalidation of a user with fills in flight
 * bumps that user's sequence, every reset bumps the epoch, and a stale ticket inserts nothing.
 */
export class SessionLru {
  private readonly byUser = new Map<string, Map<string, CachedSession>>()
  /** Insertion order is recency order: a hit moves its entry to the end. */
  private readonly order = new Map<CachedSession, true>()
  private readonly inflight = new Map<string, { n: number; seq: number }>()
  private epoch = 0

  constructor(private readonly max: number) {}

  get size(): number {
    return this.order.size
  }

  get(userKey: string, key: string): CachedSession | undefined {
    const e = this.byUser.get(userKey)?.get(key)
    if (e) {
      this.order.delete(e)
      this.order.set(e, true)
    }
    return e
  }

  /** True while `e` is still the cached copy (no invalidation or eviction since). */
  holds(e: CachedSession): boolean {
    return this.order.has(e)
  }

  begin(userKey: string): FillTicket {
    let f = this.inflight.get(userKey)
    if (!f) this.inflight.set(userKey, (f = { n: 0, seq: 0 }))
    f.n++
    return { userKey, epoch: this.epoch, seq: f.seq }
  }

  /** Ends a fill; inserts `entry` only when its ticket is still current. */
  finish(t: FillTicket, entry: CachedSession | undefined): void {
    const f = this.inflight.get(t.userKey)
    const current = f !== undefined && f.seq === t.seq && this.epoch === t.epoch
    if (f && --f.n === 0) this.inflight.delete(t.userKey)
    if (current && entry) this.set(entry)
  }

  private set(e: CachedSession): void {
    let m = this.byUser.get(e.userKey)
    if (!m) this.byUser.set(e.userKey, (m = new Map()))
    const old = m.get(e.key)
    if (old) this.order.delete(old)
    m.set(e.key, e)
    this.order.set(e, true)
    if (this.order.size > this.max) {
      const oldest = this.order.keys().next().value as CachedSession
      this.remove(oldest)
    }
  }

  remove(e: CachedSession): void {
    this.order.delete(e)
    const m = this.byUser.get(e.userKey)
    if (m?.get(e.key) === e) {
      m.delete(e.key)
      if (m.size === 0) this.byUser.delete(e.userKey)
    }
  }

  /** Drops every session of a user and spoils that user's fills in flight. */
  invalidate(userKey: string): void {
    const f = this.inflight.get(userKey)
    if (f) f.seq++
    const m = this.byUser.get(userKey)
    if (!m) return
    for (const e of m.values()) this.order.delete(e)
    this.byUser.delete(userKey)
  }

  /** Forgets everything and spoils every fill in flight. */
  clear(): void {
    this.epoch++
    this.byUser.clear()
    this.order.clear()
  }
}
