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
  /** Starts a session for user `userId` with `value` (an object or JSON text) as its data and `ttl` seconds (or `'15m'`). Resolves to `true`. */
  create(userId: string, value: unknown, ttl?: number | string): Promise<true>
  /** `1` when the session exists, else `null`. */
  exists(sessionId: string): Promise<1 | null>
  /** Seconds the session has left, else `null`. */
  ttl(sessionId: string): Promise<number | null>
  /** The session's data as JSON text, else `null`. */
  getValueByKey(sessionId: string): Promise<string | null>
  /** The data (JSON text) of every session of the user, else `null`. */
  getValuesByPattern(userId: string): Promise<string[] | null>
  /** How many sessions the user has; with no argument, every session under the prefix (SCAN, admin only). */
  getCountByPattern(userId?: string): Promise<number>
  /** `INFO <section>`, or the key count for `'DBSIZE'`. */
  getInfo(section?: string): Promise<RedisReply>
  /** Ends one session: `1`, or `null` when there was none. */
  destroy(sessionId: string): Promise<1 | null>
  /** Ends every session of the user: how many, or `null` when there were none. */
  destroyMultiple(userId: string): Promise<number | null>
}

export interface HelperDeps {
  engine(ttlMs?: number): Promise<Sessions<StoredSession>>
  send(args: string[]): Promise<RedisReply>
  createSession(userId: string, data: Record<string, unknown>, ttlMs: number | undefined): Promise<unknown>
  ttlMs(value: unknown): number
}

export function helpers(d: HelperDeps): RedisJWTCall {
  const json = (v: unknown) => JSON.stringify(v ?? {})
  return {
    ping: () => d.send(['PING']),
    async create(userId, value, ttl) {
      let data: unknown = value
      if (typeof value === 'string') {
        try {
          data = JSON.parse(value)
        } catch {
          data = { value }
        }
      }
      const obj = data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : { value: data }
      await d.createSession(userId, obj, ttl === undefined ? undefined : d.ttlMs(ttl))
      return true
    },
    async exists(id) {
      return (await (await d.engine()).get(id)) ? 1 : null
    },
    async ttl(id) {
      const s = await (await d.engine()).get(id)
      return s ? Math.max(0, Math.ceil((s.expiresAt - Date.now()) / 1000)) : null
    },
    async getValueByKey(id) {
      const s = await (await d.engine()).get(id)
      return s ? json(s.data) : null
    },
    async getValuesByPattern(userId) {
      const e = await d.engine()
      const list = await e.list(String(userId))
      const got = await Promise.all(list.map((s) => e.get(s.sessionId)))
      const values = got.flatMap((s) => (s ? [json(s.data)] : []))
      return values.length ? values : null
    },
    async getCountByPattern(userId) {
      const e = await d.engine()
      return userId === undefined ? (await e.stats()).activeSessions : (await e.list(String(userId))).length
    },
    getInfo: (section) => d.send(section === 'DBSIZE' ? ['DBSIZE'] : section ? ['INFO', section] : ['INFO']),
    async destroy(id) {
      return (await (await d.engine()).revoke(id)) ? 1 : null
    },
    async destroyMultiple(userId) {
      const n = await (await d.engine()).revokeAll(String(userId))
      return n > 0 ? n : null
    },
  }
}
