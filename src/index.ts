/**
 * jwt-sessions: JWT access tokens plus rotating refresh tokens with server-side sessions in Redis.
 * @packageDocumentation
 */
export { createSessions } from './sessions/create-sessions.js'
export { sessionsFromEnv, optionsFromEnv } from './config/env.js'
export { redisStore, type RedisStoreOptions } from './stores/redis/redis-store.js'
export { memoryStore, type MemoryStoreOptions } from './stores/memory/memory-store.js'
export { parseDuration, type Duration } from './config/duration.js'
export type { SessionsOptions } from './config/options.js'
export type { LocalCacheOptions } from './sessions/local-cache/options.js'
export type { KeyInput, SigningAlgorithm } from './tokens/keyring.js'
// Every type of the engine's contract (Sessions, TokenSet, SessionEvents, ...).
export type * from './sessions/types.js'
export type * from './stores/types.js'
export type { RedisPort, RedisReply } from './stores/redis/port.js'
export {
  ConfigError,
  CsrfError,
  ForbiddenError,
  isJwtSessionsError,
  JwtSessionsError,
  NotFoundError,
  RateLimitedError,
  RefreshTokenReusedError,
  SessionRevokedError,
  StoreUnavailableError,
  TokenExpiredError,
  TokenInvalidError,
  TokenMissingError,
  type JwtSessionsErrorCode,
} from './errors/index.js'
export type { Logger, LogLevel, LogRecord } from './observability/logger.js'
export type { TelemetryOptions } from './observability/options.js'
export type { MeterProviderLike, TracerProviderLike } from './observability/otel-types.js'
