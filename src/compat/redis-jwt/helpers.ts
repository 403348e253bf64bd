/**
 * `r.call()`: the seed's helper object. Keys are session ids (what `verify` returns as `_key`) and
 * patterns are user ids, matched literally: a `*` or `dave:evil` in a user id can never reach other
 * users' keys, and nothing leaves the library's key prefix. Results keep the seed's shapes (`null`
 * for "nothing").
 */
import type { RedisReply } from '../../stores/redis/port.js'
import type { Sessions } from '../../sessions/types.js'

/** What a session stores: the seed's `{ _verify, _agent, _ip, ...extra }`. */
export type StoredSession = Record<string, unknown> & { _verify: string }

/** The helper object returned by `r.call()`. */
export interface RedisJWTCall {
  /** `'PONG'` when Redis answers. */
  ping(): Promise<RedisReply>
  /**
   * Writes `value` under `key` as a session of the user before the key's first `:` (the seed's
   * `<userId>:<random>` keys), expiring after `ttl` (seconds, or `'1h'`, `'15 minutes'`; default
   * `defaultTtl`). `exists`, `ttl`, `getValueByKey` and `destroy` then take `key`. Resolves to `true`.
   */
  create(key: string, value: unknown, ttl?: number | string): Promise<true>
  /** `1` when the session (a session id or a key given to `create`) exists, else `null`. */
  exists(key: string): Promise<1 | null>
  /** Seconds the session has left, else `null`. */
  ttl(key: string): Promise<number | null>
  /** The value given to `create` (or the session's data as JSON text), else `null`. */
  getValueByKey(key: string): Promise<string | null>
  /** The data (JSON text) of every session of the user, else `null`. */
  getValuesByPattern(userId: string): Promise<string[] | null>
  /** How many sessions the user has; with no argument, every session under the prefix (SCAN, admin only). */
  getCountByPattern(userId?: string): Promise<number>
  /** `INFO <section>`, or the key count for `'DBSIZE'`. */
  getInfo(section?: string): Promise<RedisReply>
  /** Ends one session (a session id or a key given to `create`): `1`, or `null` when there was none. */
  destroy(key: string): Promise<1 | null>
  /** Ends every session of the user: how many, or `null` when there were none. */
  destroyMultiple(userId: string): Promise<number | null>
}

export interface HelperDeps {
  engine(ttlMs?: number): Promise<Sessions<StoredSession>>
  send(args: string[]): Promise<RedisReply>
  createSession(userId: string, data: Record<string, unknown>, ttlMs: number | undefined): Promise<unknown>
  ttlMs(value: unknown): number
}

type Found = { sessionId: string; expiresAt: number; data: StoredSession | undefined }

/**
 * The session a helper key names: a session id (`verify`'s `rjwt`/`_key`), or a raw key written by
 * `call().create(key, ...)` (found among the sessions of the user before its first `:`, as the seed
 * split it). Admin helpers only: never on a request path.
 */
async function find(e: Sessions<StoredSession>, key: string): Promise<Found | null> {
  const k = String(key)
  const direct = await e.get(k)
  if (direct) return direct
  const userId = k.split(':')[0]
  if (!userId || Buffer.byteLength(userId) > 512) return null
  for (const s of await e.list(userId)) {
    const g = await e.get(s.sessionId)
    if (g?.data?._rjwt === k) return g
  }
  return null
}

/** What `getValueByKey` shows: the value given to `call().create` as it was given, else the data as JSON. */
function shownValue(data: StoredSession | undefined): string {
  if (data && typeof data._value === 'string') return data._value
  return JSON.stringify(data ?? {})
}

export function helpers(d: HelperDeps): RedisJWTCall {
  return {
    ping: () => d.send(['PING']),
    async create(key, value, ttl) {
      const k = String(key)
      const userId = k.split(':')[0] || k
      // The raw key and value are kept with the session, so exists/ttl/getValueByKey/destroy(key) find it.
      const text = typeof value === 'string' ? value : JSON.stringify(value ?? null)
      await d.createSession(
        userId,
        { _rjwt: k, _value: text },
        ttl === undefined || ttl === null ? undefined : d.ttlMs(ttl),
      )
      return true
    },
    async exists(key) {
      return (await find(await d.engine(), key)) ? 1 : null
    },
    async ttl(key) {
      const s = await find(await d.engine(), key)
      return s ? Math.max(0, Math.ceil((s.expiresAt - Date.now()) / 1000)) : null
    },
    async getValueByKey(key) {
      const s = await find(await d.engine(), key)
      return s ? shownValue(s.data) : null
    },
    async getValuesByPattern(userId) {
      const e = await d.engine()
      const list = await e.list(String(userId))
      const got = await Promise.all(list.map((s) => e.get(s.sessionId)))
      const values = got.flatMap((s) => (s ? [shownValue(s.data)] : []))
      return values.length ? values : null
    },
    async getCountByPattern(userId) {
      const e = await d.engine()
      return userId === undefined ? (await e.stats()).activeSessions : (await e.list(String(userId))).length
    },
    getInfo: (section) => d.send(section === 'DBSIZE' ? ['DBSIZE'] : section ? ['INFO', section] : ['INFO']),
    async destroy(key) {
      const e = await d.engine()
      const s = await find(e, key)
      return s && (await e.revoke(s.sessionId)) ? 1 : null
    },
    async destroyMultiple(userId) {
      const n = await (await d.engine()).revokeAll(String(userId))
      return n > 0 ? n : null
    },
  }
}
