import { parseDuration, type Duration } from '../../config/duration.js'
import { rejectUnknownKeys } from '../../config/unknown-keys.js'
import { ConfigError } from '../../errors/index.js'

/** Settings of the local session cache (`createSessions({ localCache })`, docs/local-cache.md). */
export interface LocalCacheOptions {
  /** Most sessions kept; the least recently used leave first. Default `100000` (about 25 MB, see the docs). */
  max?: number
  /**
   * How often each invalidation connection is PINGed. One unanswered for a whole interval (a stalled
   * or silently cut link) turns the cache off until one answers: the bound on staleness when the
   * network fails without closing the socket. Default `500ms`, between `50ms` and `10s`.
   */
  heartbeat?: Duration
}

/** The resolved settings. */
export interface LocalCacheSettings {
  readonly max: number
  readonly heartbeatMs: number
}

const KEYS = ['max', 'heartbeat'] as const

/** `true`, `false`/undefined (off) or an options object; validated once, frozen. */
export function resolveLocalCache(value: unknown): LocalCacheSettings | undefined {
  if (value === undefined || value === false) return undefined
  const o: LocalCacheOptions = value === true ? {} : (value as LocalCacheOptions)
  if (o === null || typeof o !== 'object' || Array.isArray(o))
    throw new ConfigError('localCache must be true, false or an options object { max, heartbeat }')
  rejectUnknownKeys(o, KEYS, 'createSessions localCache')
  const max = o.max ?? 100_000
  if (!Number.isInteger(max) || max < 1)
    throw new ConfigError('localCache.max must be a positive integer (sessions kept)')
  const heartbeatMs = parseDuration(o.heartbeat ?? 500, 'localCache.heartbeat')
  if (heartbeatMs < 50 || heartbeatMs > 10_000)
    throw new ConfigError('localCache.heartbeat must be between "50ms" and "10s"')
  return Object.freeze({ max, heartbeatMs })
}
