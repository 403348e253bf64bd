/**
 * Configuration of the `jwt-redis-sessions` compat layer: the seed's three sections (`jwt`, `redis`,
 * `security`) filled from the same environment variables, read when the layer is first used (so
 * `dotenv` loaded after the import still counts), and `configure()` overrides on top.
 */
import { parseDuration } from '../../config/duration.js'
import { closestKey } from '../../config/unknown-keys.js'
import { ValidationError } from './errors.js'

/** The seed's `config.jwt`. Expiries are `'15m'`-style strings or seconds (numbers). */
export interface JWTConfig {
  secret: string | undefined
  accessTokenExpiry: string | number
  refreshTokenExpiry: string | number
  issuer: string
  audience: string
}

/** The seed's `config.redis`. TTLs are seconds. */
export interface RedisConfig {
  url: string
  host: string
  port: number
  password: string | undefined
  db: number
  keyPrefix: string
  sessionTTL: number
  refreshTokenTTL: number
}

/** The seed's `config.security`. `tokenLength` and the fingerprint switches are accepted and ignored. */
export interface SecurityConfig {
  tokenLength: number
  allowedTokenFields: string[]
  enableFingerprinting: boolean
  fingerprintStrict: boolean
}

/** The whole configuration, as `require('jwt-redis-sessions').config` exposed it. */
export interface Config {
  jwt: JWTConfig
  redis: RedisConfig
  security: SecurityConfig
}

/** What `configure()` takes: any subset of each section. */
export type ConfigOverrides = { [S in keyof Config]?: Partial<Config[S]> }

const int = (v: string | undefined, fallback: number): number => {
  const n = Number.parseInt(v ?? '', 10)
  return Number.isFinite(n) ? n : fallback
}

/** Reads the seed's environment variables (see its `.env.example`). */
export function readEnv(env: NodeJS.ProcessEnv = process.env): Config {
  const host = env['REDIS_HOST'] || 'localhost'
  const port = int(env['REDIS_PORT'], 6379)
  const refreshTokenTTL = int(env['REFRESH_TOKEN_TTL'], 604800)
  return {
    jwt: {
      secret: env['JWT_SECRET'],
      accessTokenExpiry: env['JWT_ACCESS_TOKEN_EXPIRY'] || '15m',
      refreshTokenExpiry: env['JWT_REFRESH_TOKEN_EXPIRY'] || '7d',
      issuer: env['JWT_ISSUER'] || 'jwt-redis-sessions',
      audience: env['JWT_AUDIENCE'] || 'jwt-redis-sessions-users',
    },
    redis: {
      url: env['REDIS_URL'] || `redis://${host}:${port}`,
      host,
      port,
      password: env['REDIS_PASSWORD'] || undefined,
      db: int(env['REDIS_DB'], 0),
      keyPrefix: env['REDIS_KEY_PREFIX'] || 'jwt-redis-sessions:',
      sessionTTL: int(env['SESSION_TTL'], refreshTokenTTL),
      refreshTokenTTL,
    },
    security: {
      tokenLength: int(env['TOKEN_LENGTH'], 32),
      allowedTokenFields: (env['JWT_ALLOWED_TOKEN_FIELDS'] || 'userId,id,email,role,permissions')
        .split(',')
        .map((f) => f.trim())
        .filter(Boolean),
      enableFingerprinting: env['ENABLE_TOKEN_FINGERPRINTING'] !== 'false',
      fingerprintStrict: env['FINGERPRINT_STRICT_MODE'] === 'true',
    },
  }
}

const SECTIONS = ['jwt', 'redis', 'security'] as const

// 3.x's class and message for an unknown name (its callers catch ValidationError), plus the nearest valid one.
const didYouMean = (name: string, allowed: readonly string[]): string => {
  const near = closestKey(name, allowed)
  return near === undefined ? '' : ` (did you mean '${near}'?)`
}

/** Checks override names the way the seed did: unknown sections or options are a ValidationError (500). */
export function checkOverrides(base: Config, overrides: unknown): ConfigOverrides {
  if (overrides === null || typeof overrides !== 'object') throw new ValidationError('configure() takes an object', 500)
  const o = overrides as Record<string, unknown>
  for (const section of Object.keys(o)) {
    if (!(SECTIONS as readonly string[]).includes(section)) {
      throw new ValidationError(`Unknown configuration section '${section}'${didYouMean(section, SECTIONS)}`, 500)
    }
    const values = o[section]
    if (values === undefined) continue
    if (values === null || typeof values !== 'object')
      throw new ValidationError(`Configuration section '${section}' must be an object`, 500)
    for (const key of Object.keys(values)) {
      if (!Object.hasOwn(base[section as keyof Config], key)) {
        const names = Object.keys(base[section as keyof Config])
        throw new ValidationError(`Unknown configuration option '${section}.${key}'${didYouMean(key, names)}`, 500)
      }
    }
  }
  return o as ConfigOverrides
}

/** Applies overrides onto a copy; `redis.host`/`port` without `url` rebuild the URL, as in the seed. */
export function merge(base: Config, overrides: ConfigOverrides): Config {
  const out: Config = { jwt: { ...base.jwt }, redis: { ...base.redis }, security: { ...base.security } }
  Object.assign(out.jwt, overrides.jwt)
  Object.assign(out.security, overrides.security)
  if (overrides.redis) {
    Object.assign(out.redis, overrides.redis)
    if (!('url' in overrides.redis) && ('host' in overrides.redis || 'port' in overrides.redis)) {
      out.redis.url = `redis://${out.redis.host}:${out.redis.port}`
    }
  }
  return out
}

/**
 * A duration as the seed wrote it: `'15m'`, `'7d'`, `'2h'`, or seconds (a number or a digit string,
 * as jsonwebtoken's `expiresIn` reads numbers). Resolves to milliseconds.
 */
export function secondsOrDuration(value: unknown, name: string): number {
  if (typeof value === 'number' || (typeof value === 'string' && /^\d+$/.test(value.trim()))) {
    const s = Number(value)
    if (!Number.isFinite(s) || s <= 0) throw new ValidationError(`${name} must be a positive duration`, 500)
    return s * 1000
  }
  try {
    return parseDuration(value as string, name)
  } catch (err) {
    throw new ValidationError(err instanceof Error ? err.message : `${name} is not a duration`, 500)
  }
}

/** The seed's startup checks, with its messages. */
export function validateConfig(c: Config): void {
  const s = c.jwt.secret
  if (!s) throw new ValidationError('JWT_SECRET environment variable is required', 500)
  if (typeof s !== 'string') throw new ValidationError('JWT_SECRET must be a string', 500)
  if (s.length < 32) throw new ValidationError('JWT_SECRET must be at least 32 characters long', 500)
  for (const [name, v] of [
    ['redis.sessionTTL', c.redis.sessionTTL],
    ['redis.refreshTokenTTL', c.redis.refreshTokenTTL],
  ] as const) {
    if (!Number.isInteger(v) || v < 1) throw new ValidationError(`${name} must be a positive integer`, 500)
  }
  if (!Array.isArray(c.security.allowedTokenFields))
    throw new ValidationError('security.allowedTokenFields must be an array', 500)
  if (typeof c.redis.keyPrefix !== 'string' || !c.redis.keyPrefix)
    throw new ValidationError('redis.keyPrefix must be a non-empty string', 500)
}
