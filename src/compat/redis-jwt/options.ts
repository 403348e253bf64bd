/**
 * Options of the `redis-jwt` compat class, validated once. The seed's names (`host`, `port`, `db`,
 * `auth`, `secret`, `multiple`, `maxretries`, `KEA`) keep their meaning, except that there is no
 * default secret and the reconnection never gives up.
 */
import { parseDuration } from '../../config/duration.js'
import { rejectUnknownKeys } from '../../config/unknown-keys.js'
import { ConfigError } from '../../errors/index.js'
import { checkKeyPrefix } from '../../stores/redis/redis-store.js'

/** Options of `new RedisJWT(options)`. */
export interface RedisJWTOptions {
  /** Host name, IP, or a Unix socket path (starting with `/`). Default `127.0.0.1`. */
  host?: string
  /** Default 6379. */
  port?: number
  /** Database number. Default 0. */
  db?: number
  /** Password, when Redis needs one. */
  auth?: string | false
  /** Signing secret, at least 32 bytes. Required: the seed's default `'secret_key'` is gone. */
  secret: string
  /** `false` (default, as in the seed): a new session ends the user's other sessions. `true`: many at once. */
  multiple?: boolean
  /** Accepted for compatibility and ignored: the connection retries for ever, so an outage heals by itself. */
  maxretries?: number
  /** Deliver session expiry as events (`on('expired', fn)`) from Redis keyspace notifications. */
  KEA?: boolean
  /** Lower-case alias of `KEA` (redis-jwt 1.4 spelled it so). */
  kea?: boolean
  /** Key prefix, ending in `:`. Default `redis-jwt:`. Every key and every pattern helper stays inside it. */
  keyPrefix?: string
  /** Lifetime of a session (and its token) created without a TTL. Default `'1d'`; the seed's never expired. */
  defaultTtl?: string | number
  /** A command that gets no answer within this fails. Default `'1s'`. */
  commandTimeout?: string | number
}

export interface ResolvedRedisJWTOptions {
  connection: { socket: Record<string, unknown>; password?: string; database?: number }
  db: number
  secret: string
  multiple: boolean
  kea: boolean
  keyPrefix: string
  defaultTtlMs: number
  commandTimeoutMs: number
}

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000, y: 31_557_600_000 }
// The grammar of `ms` (what redis-jwt 1.4 passed its TTLs through): `'1h'`, `'1.5 hours'`, `'2 days'`, `'1y'`.
const MS_STYLE =
  /^(\d*\.?\d+) *(milliseconds?|msecs?|ms|seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?|w|years?|yrs?|y)$/i

function unitMs(unit: string): number {
  const u = unit.toLowerCase()
  if (u === 'ms' || u.startsWith('msec') || u.startsWith('milli')) return UNIT_MS.ms
  return UNIT_MS[u.charAt(0) as 's' | 'm' | 'h' | 'd' | 'w' | 'y']
}

/**
 * A TTL as the seed took it: a number of seconds (`SETEX`, the README's version), or a duration
 * string in `ms`'s grammar (`'1h'`, `'15 minutes'`, `'2 days'`, as redis-jwt 1.4 read it). A digit
 * string is seconds too. Resolves to milliseconds.
 */
export function ttlMs(value: unknown, name = 'ttl'): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value <= 0) throw new ConfigError(`${name} must be a positive number of seconds`)
    return Math.round(value * 1000)
  }
  if (typeof value === 'string') {
    const m = MS_STYLE.exec(value.trim())
    if (m) {
      const ms = Math.round(Number(m[1]) * unitMs(m[2] as string))
      if (ms > 0) return ms
    }
    if (/^\d+$/.test(value.trim())) return ttlMs(Number(value), name)
  }
  throw new ConfigError(`${name} must be seconds (a number) or a duration like '1h' or '15 minutes'`)
}

/** Every option `new RedisJWT()` takes: the seed's, and the few this layer adds. */
const OPTION_NAMES = [
  'host',
  'port',
  'db',
  'auth',
  'secret',
  'multiple',
  'maxretries',
  'KEA',
  'kea',
  'keyPrefix',
  'defaultTtl',
  'commandTimeout',
] as const

export function resolveOptions(o: RedisJWTOptions): ResolvedRedisJWTOptions {
  if (o === null || typeof o !== 'object') throw new ConfigError('RedisJWT options must be an object')
  rejectUnknownKeys(o, OPTION_NAMES, 'RedisJWT')
  if (typeof o.secret !== 'string' || o.secret === '')
    throw new ConfigError('secret is required (there is no default secret)')
  if (Buffer.byteLength(o.secret) < 32) throw new ConfigError('secret must be at least 32 bytes')
  const host = o.host ?? '127.0.0.1'
  const port = o.port ?? 6379
  const db = o.db ?? 0
  if (typeof host !== 'string' || host === '') throw new ConfigError('host must be a host name, an IP or a socket path')
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new ConfigError('port must be an integer from 1 to 65535')
  if (!Number.isInteger(db) || db < 0) throw new ConfigError('db must be a non-negative integer')
  if (o.auth !== undefined && o.auth !== false && typeof o.auth !== 'string')
    throw new ConfigError('auth must be a password string')
  const socket: Record<string, unknown> = host.startsWith('/') ? { path: host } : { host, port }
  return {
    connection: { socket, ...(o.auth ? { password: o.auth } : {}), ...(db ? { database: db } : {}) },
    db,
    secret: o.secret,
    multiple: o.multiple === true,
    kea: o.KEA === true || o.kea === true,
    keyPrefix: checkKeyPrefix(o.keyPrefix ?? 'redis-jwt:'),
    defaultTtlMs: ttlMs(o.defaultTtl ?? '1d', 'defaultTtl'),
    commandTimeoutMs: parseDuration(o.commandTimeout ?? 1000, 'commandTimeout'),
  }
}
