import { ConfigError } from '../errors/index.js'
import type { ResolvedSessionsConfig } from '../sessions/types.js'
import { missingMethods, STORE_METHODS } from '../stores/contract.js'
import type { SessionStore } from '../stores/types.js'
import type { KeyInput } from '../tokens/keyring.js'
import type { Logger } from '../observability/logger.js'
import type { TelemetryOptions } from '../observability/options.js'
import { parseDuration, type Duration } from './duration.js'
import { rejectUnknownKeys } from './unknown-keys.js'
import type { LocalCacheOptions } from '../sessions/local-cache/options.js'

/** Options of `createSessions`. Durations: `"30s"`, `"15m"`, `"2h"`, `"7d"`, or milliseconds. */
export interface SessionsOptions {
  /** Where sessions live: `redisStore(...)` or `memoryStore()`. Required. */
  store: SessionStore
  /** HS256 secret, at least 32 bytes. There is no default. Give this or `keys`. */
  secret?: string | Uint8Array
  /** A key ring `{ kid, alg, key, status? }[]`: the last active key signs, every non-retired key verifies. */
  keys?: KeyInput[]
  /** `iss` claim written and required. Default: none. */
  issuer?: string
  /** `aud` claim written and required. Default: none. */
  audience?: string
  /** Access token lifetime. Default `15m`. */
  accessTokenTtl?: Duration
  /** Idle window: a session unused (no refresh, no touch) this long ends. Extended by refresh and touch. Default `7d`. */
  refreshTokenTtl?: Duration
  /** Absolute session lifetime, never extended. Default `90d`. */
  sessionTtl?: Duration
  /** Live sessions per user; creating one more evicts the oldest. `1` = single-session mode. Default unlimited (`Infinity`). */
  maxSessionsPerUser?: number
  /** How long the most recently retired refresh token still returns the same successor. Default `10s`. */
  refreshReuseGrace?: Duration
  /** Allowed clock skew when checking `exp`/`nbf`. Default `5s`, at most `5m`. */
  clockTolerance?: Duration
  /** `validate` reports `needsRefresh` when the token expires within this. Default min(15m, accessTokenTtl / 4). */
  refreshThreshold?: Duration
  /** `verify` extends the idle window at most this often (a write); 0 writes on every verify. Default min(1m, refreshTokenTtl / 20). */
  touchInterval?: Duration
  /** The clock, epoch ms. Default `Date.now`. Injectable for tests. */
  clock?: () => number
  /** Where everything the library logs goes: a pino- or console-style logger. Default: console, as plain lines. See docs/observability.md. */
  logger?: Logger
  /** OpenTelemetry metrics and spans (needs `@opentelemetry/api`); `false` turns them off. See docs/observability.md. */
  telemetry?: TelemetryOptions | false
  /**
   * Ties each access token to its refresh generation (a `gen` claim, checked by the same one-round-trip
   * verify): a refresh ends the session's earlier access tokens at once instead of at their `exp`. A
   * repeated refresh within `refreshReuseGrace` still returns the same successor. Default `false`.
   */
  revokeAccessOnRefresh?: boolean
  /**
   * Verify from process memory, with Redis invalidating entries when a session changes anywhere
   * (docs/local-cache.md). `true` or `{ max, heartbeat }`. Default off.
   */
  localCache?: boolean | LocalCacheOptions
}

const KNOWN = new Set([
  'store',
  'secret',
  'keys',
  'issuer',
  'audience',
  'accessTokenTtl',
  'refreshTokenTtl',
  'sessionTtl',
  'maxSessionsPerUser',
  'refreshReuseGrace',
  'clockTolerance',
  'refreshThreshold',
  'touchInterval',
  'clock',
  'revokeAccessOnRefresh',
  'localCache',
  'logger',
  'telemetry',
])

function optionalString(v: unknown, name: string): string | undefined {
  if (v === undefined) return undefined
  if (typeof v !== 'string' || v === '') throw new ConfigError(`${name} must be a non-empty string`)
  return v
}

/** Throws ConfigError naming what a store lacks of the contract (`src/stores/types.ts`). */
function checkStore(s: unknown): asserts s is SessionStore {
  if (s === null || typeof s !== 'object')
    throw new ConfigError('store is required: redisStore({ url }) or memoryStore()')
  const missing = missingMethods(s, STORE_METHODS)
  if (typeof (s as { kind?: unknown }).kind !== 'string') missing.unshift('kind')
  if (missing.length > 0) {
    throw new ConfigError(
      `store is required: redisStore({ url }), memoryStore() or an object implementing the store contract (docs/stores.md); missing: ${missing.join(', ')}`,
    )
  }
}

/** Validates options once and freezes the result. Throws ConfigError naming the option. */
export function resolveOptions(
  o: SessionsOptions,
): ResolvedSessionsConfig & { clock: () => number; store: SessionStore } {
  if (o === null || typeof o !== 'object') throw new ConfigError('createSessions needs an options object')
  rejectUnknownKeys(o, [...KNOWN], 'createSessions')
  checkStore(o.store)
  const accessTokenTtlMs = parseDuration(o.accessTokenTtl ?? '15m', 'accessTokenTtl')
  if (accessTokenTtlMs < 1000) throw new ConfigError('accessTokenTtl must be at least 1s')
  const refreshTokenTtlMs = parseDuration(o.refreshTokenTtl ?? '7d', 'refreshTokenTtl')
  const sessionTtlMs = parseDuration(o.sessionTtl ?? '90d', 'sessionTtl')
  const max = o.maxSessionsPerUser ?? Infinity
  if (max !== Infinity && (!Number.isInteger(max) || max < 1))
    throw new ConfigError('maxSessionsPerUser must be a positive integer (1 = single-session mode) or Infinity')
  const clockToleranceMs = parseDuration(o.clockTolerance ?? '5s', 'clockTolerance', { allowZero: true })
  if (clockToleranceMs > 300_000) throw new ConfigError('clockTolerance must be at most "5m"')
  const clock = o.clock ?? Date.now
  if (typeof clock !== 'function') throw new ConfigError('clock must be a function returning epoch milliseconds')
  const revokeAccessOnRefresh = o.revokeAccessOnRefresh ?? false
  if (typeof revokeAccessOnRefresh !== 'boolean') throw new ConfigError('revokeAccessOnRefresh must be a boolean')
  return Object.freeze({
    store: o.store,
    clock,
    issuer: optionalString(o.issuer, 'issuer'),
    audience: optionalString(o.audience, 'audience'),
    accessTokenTtlMs,
    refreshTokenTtlMs,
    sessionTtlMs,
    maxSessionsPerUser: max,
    refreshReuseGraceMs: parseDuration(o.refreshReuseGrace ?? '10s', 'refreshReuseGrace', { allowZero: true }),
    clockToleranceMs,
    refreshThresholdMs:
      o.refreshThreshold === undefined
        ? Math.min(900_000, Math.floor(accessTokenTtlMs / 4))
        : parseDuration(o.refreshThreshold, 'refreshThreshold', { allowZero: true }),
    revokeAccessOnRefresh,
    touchIntervalMs:
      o.touchInterval === undefined
        ? Math.min(60_000, Math.floor(refreshTokenTtlMs / 20))
        : parseDuration(o.touchInterval, 'touchInterval', { allowZero: true }),
  })
}
