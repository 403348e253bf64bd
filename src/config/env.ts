import { ConfigError } from '../errors/index.js'
import { createSessions } from '../sessions/create-sessions.js'
import type { Sessions } from '../sessions/types.js'
import { redisStore } from '../stores/redis/redis-store.js'
import { parseDuration } from './duration.js'
import type { SessionsOptions } from './options.js'

type Env = Record<string, string | undefined>

function duration(env: Env, name: string): number | undefined {
  const v = env[name]
  return v === undefined || v === '' ? undefined : parseDuration(v, name)
}

function integer(env: Env, name: string, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
  const v = env[name]
  if (v === undefined || v === '') return undefined
  const n = Number(v)
  if (!/^\d+$/.test(v.trim()) || n < min || n > max)
    throw new ConfigError(`${name} must be an integer between ${min} and ${max}`)
  return n
}

/**
 * Builds the options `sessionsFromEnv` uses, from environment variables. Exported so compat layers
 * and the CLI read the same variables the same way.
 */
export function optionsFromEnv(env: Env = process.env, overrides: Partial<SessionsOptions> = {}): SessionsOptions {
  // Explicit key material in the overrides wins over JWT_SECRET.
  const explicit = overrides.secret !== undefined || overrides.keys !== undefined
  const secret = explicit ? overrides.secret : env['JWT_SECRET']
  if (overrides.keys === undefined) {
    if (!secret) throw new ConfigError('JWT_SECRET is required (at least 32 bytes)')
    if (Buffer.byteLength(secret) < 32) throw new ConfigError('JWT_SECRET must be at least 32 bytes long')
  }
  const opts: Partial<SessionsOptions> = {
    ...(secret !== undefined ? { secret } : {}),
    accessTokenTtl: duration(env, 'JWT_ACCESS_TOKEN_EXPIRY'),
    refreshTokenTtl: duration(env, 'JWT_REFRESH_TOKEN_EXPIRY'),
    sessionTtl: duration(env, 'JWT_SESSION_EXPIRY'),
    maxSessionsPerUser: integer(env, 'JWT_MAX_CONCURRENT_SESSIONS', 1),
    issuer: env['JWT_ISSUER'] || undefined,
    audience: env['JWT_AUDIENCE'] || undefined,
  }
  for (const k of Object.keys(opts) as (keyof SessionsOptions)[]) if (opts[k] === undefined) delete opts[k]
  const merged = { ...opts, ...overrides } as SessionsOptions
  if (!merged.store) merged.store = storeFromEnv(env)
  return merged
}

/** A Redis store from REDIS_URL, or REDIS_HOST / REDIS_PORT / REDIS_PASSWORD / REDIS_DB, and REDIS_KEY_PREFIX. */
export function storeFromEnv(env: Env = process.env) {
  const keyPrefix = env['REDIS_KEY_PREFIX'] || undefined
  if (keyPrefix !== undefined && !keyPrefix.endsWith(':')) throw new ConfigError('REDIS_KEY_PREFIX must end in ":"')
  const url = env['REDIS_URL']
  if (url) {
    if (!/^rediss?:\/\//.test(url)) throw new ConfigError('REDIS_URL must be a redis:// or rediss:// URL')
    return redisStore({ url, keyPrefix })
  }
  const port = integer(env, 'REDIS_PORT', 1, 65535) ?? 6379
  const db = integer(env, 'REDIS_DB', 0, 15)
  const host = env['REDIS_HOST'] || '127.0.0.1'
  return redisStore({
    keyPrefix,
    socket: { host, port },
    ...(env['REDIS_PASSWORD'] ? { password: env['REDIS_PASSWORD'] } : {}),
    ...(db !== undefined ? { database: db } : {}),
  })
}

/**
 * `createSessions` configured from environment variables: JWT_SECRET (required, ≥ 32 bytes),
 * JWT_ACCESS_TOKEN_EXPIRY, JWT_REFRESH_TOKEN_EXPIRY, JWT_SESSION_EXPIRY, JWT_MAX_CONCURRENT_SESSIONS,
 * JWT_ISSUER, JWT_AUDIENCE, REDIS_URL, REDIS_HOST, REDIS_PORT, REDIS_PASSWORD, REDIS_DB, REDIS_KEY_PREFIX.
 * A bad value throws ConfigError naming the variable. `overrides` win over the environment.
 * @example const sessions = sessionsFromEnv({ maxSessionsPerUser: 5 })
 */
export function sessionsFromEnv<D = unknown>(
  overrides: Partial<SessionsOptions> = {},
  env: Env = process.env,
): Sessions<D> {
  return createSessions<D>(optionsFromEnv(env, overrides))
}
