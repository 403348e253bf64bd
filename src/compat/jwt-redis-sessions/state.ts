/**
 * The one lazily built session engine behind the functional API. Nothing connects at import: the
 * first call (or `initialize()`) reads the environment, validates it and builds the engine; Redis is
 * connected by the store on that first use and reconnects by itself after an outage.
 */
import { rejectUnknownKeys } from '../../config/unknown-keys.js'
import { createSessions } from '../../sessions/create-sessions.js'
import type { Sessions } from '../../sessions/types.js'
import { redisStore } from '../../stores/redis/redis-store.js'
import {
  checkOverrides,
  merge,
  readEnv,
  secondsOrDuration,
  validateConfig,
  type Config,
  type ConfigOverrides,
} from './config.js'
import { AuthError, RedisError, toCompatError, ValidationError } from './errors.js'

/** What a session stores server-side: the allowed token fields and the creation time. */
export interface StoredData {
  user: Record<string, unknown>
  createdAt: string
}

/**
 * The live configuration object (`require('jwt-redis-sessions').config`). Before the first use it
 * shows the environment as it was at import; from the first use on, what the engine runs with.
 */
export const config: Config = readEnv()

let overrides: ConfigOverrides = {}
let engine: Sessions<StoredData> | undefined
let client: unknown

function build(): Sessions<StoredData> {
  const resolved = merge(readEnv(), overrides)
  validateConfig(resolved)
  Object.assign(config.jwt, resolved.jwt)
  Object.assign(config.redis, resolved.redis)
  Object.assign(config.security, resolved.security)
  const r = resolved.redis
  const env = process.env
  try {
    const store =
      client !== undefined
        ? redisStore({ client, keyPrefix: r.keyPrefix })
        : redisStore({
            url: r.url,
            keyPrefix: r.keyPrefix,
            ...(r.password ? { password: r.password } : {}),
            ...(r.db ? { database: r.db } : {}),
          })
    const access = secondsOrDuration(resolved.jwt.accessTokenExpiry, 'JWT_ACCESS_TOKEN_EXPIRY')
    const refresh = secondsOrDuration(resolved.jwt.refreshTokenExpiry, 'JWT_REFRESH_TOKEN_EXPIRY')
    const max = env['JWT_MAX_CONCURRENT_SESSIONS']
    return createSessions<StoredData>({
      store,
      secret: resolved.jwt.secret as string,
      issuer: resolved.jwt.issuer,
      audience: resolved.jwt.audience,
      accessTokenTtl: access,
      // The seed kept a session alive while either its refresh token or its sliding SESSION_TTL ran.
      refreshTokenTtl: Math.max(refresh, r.sessionTTL * 1000),
      ...(env['JWT_SESSION_EXPIRY']
        ? { sessionTtl: secondsOrDuration(env['JWT_SESSION_EXPIRY'], 'JWT_SESSION_EXPIRY') }
        : {}),
      ...(max ? { maxSessionsPerUser: Number(max) } : {}),
      // 3.x ends the previous access token when its session is refreshed.
      revokeAccessOnRefresh: true,
    })
  } catch (err) {
    if (err instanceof ValidationError) throw err
    throw new ValidationError(err instanceof Error ? err.message : String(err), 500)
  }
}

/** The engine, built on first use. */
export function sessions(): Sessions<StoredData> {
  engine ??= build()
  return engine
}

/** True once the engine exists. */
export function isInitialized(): boolean {
  return engine !== undefined
}

/**
 * Overrides configuration before the first use, exactly as the seed's `configure()`.
 * @throws AuthError (500) once initialised; ValidationError (500) for unknown sections/options.
 * @example configure({ jwt: { secret: process.env.JWT_SECRET }, redis: { url: 'rediss://redis:6380' } })
 */
export function configure(more: ConfigOverrides = {}): Config {
  if (engine) throw new AuthError('Configuration cannot be changed after initialization', 500)
  const checked = checkOverrides(config, more)
  const next: ConfigOverrides = { ...overrides }
  for (const s of ['jwt', 'redis', 'security'] as const) {
    if (checked[s]) next[s] = { ...overrides[s], ...checked[s] } as never
  }
  validateConfig(merge(readEnv(), next))
  overrides = next
  const view = merge(readEnv(), overrides)
  Object.assign(config.jwt, view.jwt)
  Object.assign(config.redis, view.redis)
  Object.assign(config.security, view.security)
  return config
}

/**
 * Builds the engine and checks that Redis answers. Optional: every function initialises itself.
 * `redisClient` is your connected node-redis or ioredis client (never closed by us).
 * @throws RedisError when Redis does not answer (the engine stays built and reconnects by itself).
 * @example await initialize({ config: { redis: { url } }, redisClient })
 */
export async function initialize(options: { config?: ConfigOverrides; redisClient?: unknown } = {}): Promise<void> {
  rejectUnknownKeys(options ?? {}, ['config', 'redisClient'], 'initialize')
  if (!engine) {
    if (options.config) configure(options.config)
    if (options.redisClient !== undefined) client = options.redisClient
  }
  const s = sessions()
  try {
    await s.store.ping()
  } catch (err) {
    const e = toCompatError(err)
    throw e instanceof RedisError ? new RedisError(`Failed to connect to Redis: ${e.message}`) : e
  }
}

/**
 * Closes the connection the layer opened (never your client) and forgets the engine, so the next
 * call starts afresh and `configure()` is allowed again.
 */
export async function closeRedisConnection(): Promise<void> {
  const s = engine
  engine = undefined
  client = undefined
  if (s) await s.close()
}
