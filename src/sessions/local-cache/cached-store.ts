import { ConfigError } from '../../errors/index.js'
import type {
  AdminStore,
  CreateInput,
  Lifetimes,
  LocalCacheSupport,
  RotateInput,
  SessionBackend,
  SessionStore,
  VerifiedRecord,
  VerifyResult,
} from '../../stores/types.js'
import type { LocalCacheSettings } from './options.js'
import { OwnWrites } from './own-writes.js'
import { SessionLru, type CachedSession } from './session-lru.js'

type Backend = SessionBackend & Partial<AdminStore>
type VerifyArgs = [userId: string, key: string, now: number, touchAfterMs: number, generation?: number]

/** What a cached copy answers; a token of another generation is superseded (revokeAccessOnRefresh). */
function answer(e: Pick<CachedSession, 'data' | 'generation'>, generation: number | undefined): VerifyResult {
  return generation !== undefined && e.generation !== generation ? { data: null, superseded: true } : { data: e.data }
}

/** A backend whose own methods are bound to it, so a wrapper inheriting from it never calls them with the wrong `this`. */
function bindAll(store: Backend): Backend {
  const out = Object.create(store) as Record<string, unknown>
  for (let p: object | null = store; p && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    for (const name of Object.getOwnPropertyNames(p)) {
      const v = (store as unknown as Record<string, unknown>)[name]
      if (name !== 'constructor' && typeof v === 'function' && !Object.hasOwn(out, name)) out[name] = v.bind(store)
    }
  }
  return out as unknown as Backend
}

/**
 * Wraps an engine's session backend with the local session cache (docs/local-cache.md): `verify`
 * answers from process memory while the store's invalidation feed is live, and writes made here
 * resolve only once their own invalidation has come back. With the memory store the backend is
 * returned as it is (it is process memory already); a store without the capability is a ConfigError.
 */
export function withLocalCache(
  backend: Backend,
  store: SessionStore,
  settings: LocalCacheSettings | undefined,
  life: Lifetimes,
): Backend {
  if (!settings) return backend
  if (!store.localCache) {
    if (store.kind === 'memory') return backend
    throw new ConfigError(
      `localCache needs a store that pushes invalidations (redisStore); the "${store.kind}" store does not`,
    )
  }
  return new LocalCache(backend, store.localCache({ heartbeatMs: settings.heartbeatMs }), settings, life).store
}

class LocalCache {
  readonly store: Backend
  private readonly lru: SessionLru
  private readonly own = new OwnWrites()
  private pending: Array<() => void> = []
  private readonly drain = () => {
    const batch = this.pending
    this.pending = []
    for (const fn of batch) fn()
  }

  constructor(
    private readonly inner: Backend,
    private readonly support: LocalCacheSupport,
    private readonly settings: LocalCacheSettings,
    private readonly life: Lifetimes,
  ) {
    this.lru = new SessionLru(settings.max)
    support.feed.listen({
      key: (k) => {
        this.lru.invalidate(k)
        this.own.arrived(k)
      },
      reset: () => {
        this.lru.clear()
        this.own.releaseAll()
      },
    })
    const s = bindAll(inner) as Backend & Record<string, unknown>
    s.verify = (...a: VerifyArgs) => this.verify(...a)
    s.create = async (i: CreateInput) => this.write(i.userId, inner.create(i), (r) => r.evicted.length > 0)
    s.rotate = async (i: RotateInput) =>
      this.write(i.userId, inner.rotate(i), (r) => r.kind === 'rotated' || r.kind === 'reused')
    s.revoke = async (userId: string, key: string, now: number) =>
      this.write(userId, inner.revoke(userId, key, now), (gone) => gone)
    s.revokeAll = async (userId: string, except: string | undefined, now: number) =>
      this.write(userId, inner.revokeAll(userId, except, now), (gone) => gone.length > 0)
    s.update = async (userId: string, key: string, data: string | null, now: number) =>
      this.write(userId, inner.update(userId, key, data, now), (ok) => ok)
    s.touch = async (userId: string, key: string, now: number) =>
      this.write(userId, inner.touch(userId, key, now), () => false)
    this.store = s
  }

  private verify(...a: VerifyArgs): Promise<VerifyResult | null> {
    const [userId, key, now, touchAfterMs] = a
    const life = this.life
    const feed = this.support.feed
    feed.start()
    if (!feed.live) return this.inner.verify(...a)
    const userKey = this.support.userKey(userId)
    const e = this.lru.get(userKey, key)
    // Expiry and the touch debounce are decided here, on every hit: key expiry sends no timely push.
    if (
      e &&
      now - e.lastActiveAt < touchAfterMs &&
      Math.min(e.lastActiveAt + life.idleTtlMs, e.absoluteExpiresAt) > now
    ) {
      return this.hit(e, a)
    }
    return this.fill(userKey, a)
  }

  /**
   * A hit answers after the current I/O poll has been processed (setImmediate), so an invalidation
   * already in this process's socket buffer when the request arrived is applied first.
   */
  private hit(e: CachedSession, a: VerifyArgs): Promise<VerifyResult | null> {
    return new Promise((resolve, reject) => {
      if (this.pending.length === 0) setImmediate(this.drain)
      this.pending.push(() => {
        if (this.lru.holds(e) && this.support.feed.live) resolve(answer(e, a[4]))
        else this.fill(this.support.userKey(a[0]), a).then(resolve, reject)
      })
    })
  }

  private async fill(userKey: string, a: VerifyArgs): Promise<VerifyResult | null> {
    const [userId, key, now, touchAfterMs, generation] = a
    const life = this.life
    const ticket = this.lru.begin(userKey)
    let r: VerifiedRecord | null = null
    try {
      r = await this.support.verifyRecord(userId, key, now, touchAfterMs, life, generation)
    } finally {
      const s = r?.session
      this.lru.finish(
        ticket,
        s && this.support.feed.live
          ? {
              userKey,
              key,
              data: r?.data ?? null,
              lastActiveAt: s.lastActiveAt,
              absoluteExpiresAt: s.absoluteExpiresAt,
              generation: s.generation,
            }
          : undefined,
      )
    }
    return r ? answer({ data: r.data, generation: r.session.generation }, generation) : null
  }

  /** Runs a write; when it changed something, drops the user here and waits for its own push. */
  private async write<T>(userId: string, work: Promise<T>, changed: (r: T) => boolean): Promise<T> {
    const userKey = this.support.userKey(userId)
    const feed = this.support.feed
    const waiter = feed.live
      ? this.own.expect(userKey, this.settings.heartbeatMs * 2, () => this.lru.clear())
      : undefined
    let r: T
    try {
      r = await work
    } catch (err) {
      waiter?.cancel()
      this.lru.invalidate(userKey)
      throw err
    }
    this.lru.invalidate(userKey)
    if (waiter) {
      if (changed(r)) await waiter.wait()
      else waiter.cancel()
    }
    return r
  }
}
