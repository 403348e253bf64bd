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
export type { KeyInput, SigningAlgorithm } from './tokens/keyring.js'
export type {
  CreateOptions,
  JWTPayload,
  ResolvedSessionsConfig,
  SessionContext,
  SessionEventBase,
  SessionEventName,
  SessionEvents,
  SessionInfo,
  SessionMeta,
  Sessions,
  SessionStats,
  TokenSet,
  ValidationResult,
} from './sessions/types.js'
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
