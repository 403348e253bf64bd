/**
 * The error classes of `jwt-redis-sessions` 3.x, with the same constructor, `statusCode` and `code`,
 * so `catch (e) { if (e instanceof TokenError) ... }` and `e.statusCode` keep working. Each also
 * carries `reason`: the jwt-sessions code behind it (`TOKEN_EXPIRED`, `SESSION_REVOKED`, ...), which
 * the seed could not tell apart.
 */
import { isJwtSessionsError, type JwtSessionsError, type JwtSessionsErrorCode } from '../../errors/index.js'
import { SUPERSEDED_MESSAGE } from '../../sessions/issue.js'

abstract class CompatError extends Error {
  /** HTTP status to answer with. */
  readonly statusCode: number
  /** The seed's code: `AUTH_ERROR`, `VALIDATION_ERROR`, `TOKEN_ERROR` or `REDIS_ERROR`. */
  readonly code: string
  /** The jwt-sessions code behind this error, when there is one (`TOKEN_EXPIRED`, `SESSION_REVOKED`, ...). */
  reason: string | undefined
  constructor(message: string, statusCode: number, code: string) {
    super(message)
    this.name = new.target.name
    this.statusCode = statusCode
    this.code = code
  }
  /** Alias of `statusCode`, the name jwt-sessions' own errors use. */
  get status(): number {
    return this.statusCode
  }
}

/** Authentication failed for a reason other than the token itself. Default 401 `AUTH_ERROR`. */
export class AuthError extends CompatError {
  constructor(message: string, statusCode = 401, code = 'AUTH_ERROR') {
    super(message, statusCode, code)
  }
}

/** Bad input or configuration. Default 400 `VALIDATION_ERROR` (500 for configuration). */
export class ValidationError extends CompatError {
  constructor(message: string, statusCode = 400, code = 'VALIDATION_ERROR') {
    super(message, statusCode, code)
  }
}

/** The token is missing, malformed, expired, revoked or reused. Default 401 `TOKEN_ERROR`. */
export class TokenError extends CompatError {
  constructor(message: string, statusCode = 401, code = 'TOKEN_ERROR') {
    super(message, statusCode, code)
  }
}

/** Redis did not answer. 503 `REDIS_ERROR` (the seed said 500; 503 tells clients to retry). */
export class RedisError extends CompatError {
  constructor(message: string, statusCode = 503, code = 'REDIS_ERROR') {
    super(message, statusCode, code)
  }
}

/** Any of the four classes above. */
export type JwtRedisSessionsError = AuthError | ValidationError | TokenError | RedisError

/** Turns one core error into the seed's class; `refresh` words token errors the way `refreshToken` did. */
type Translate = (err: JwtSessionsError, kind: 'access' | 'refresh') => CompatError

const tokenError =
  (access: string, refresh = 'Invalid refresh token or revoked session'): Translate =>
  (_err, kind) =>
    new TokenError(kind === 'refresh' ? refresh : access)

/**
 * One entry per core code (the compiler refuses a missing one, so a new error class cannot fall
 * through to a 500), with 3.0.1's messages.
 */
const TRANSLATE: Record<JwtSessionsErrorCode, Translate> = {
  CONFIG_INVALID: (err) => new ValidationError(err.message, 400),
  TOKEN_MISSING: tokenError('Authorization header not found'),
  TOKEN_INVALID: (err, kind) =>
    kind === 'refresh'
      ? new TokenError('Invalid refresh token')
      : // revokeAccessOnRefresh: 3.0.1's words for an access token its session's refresh replaced.
        new TokenError(
          err.message === SUPERSEDED_MESSAGE ? 'Token session has been replaced or revoked' : 'Invalid token',
        ),
  TOKEN_EXPIRED: tokenError('Token expired'),
  SESSION_REVOKED: tokenError('Token has been revoked'),
  REFRESH_TOKEN_REUSED: tokenError(
    'Refresh token reuse detected; the session has been revoked',
    'Refresh token reuse detected; the session has been revoked',
  ),
  CSRF_FAILED: (err) => new AuthError(err.message, err.status),
  FORBIDDEN: (err) => new AuthError(err.message, err.status),
  NOT_FOUND: (err) => new AuthError(err.message, err.status),
  RATE_LIMITED: (err) => new AuthError(err.message, 429, 'TOO_MANY_REQUESTS'),
  STORE_UNAVAILABLE: (err) => new RedisError(`Redis unavailable: ${err.message}`),
}

/** Translates anything thrown by the core into one of the seed's classes, keeping the core error as `cause`. */
export function toCompatError(err: unknown, kind: 'access' | 'refresh' = 'access'): Error {
  if (err instanceof CompatError) return err
  if (!isJwtSessionsError(err)) {
    return new AuthError(`Token verification failed: ${err instanceof Error ? err.message : String(err)}`, 500)
  }
  const out = TRANSLATE[err.code](err, kind)
  out.reason = err.code
  ;(out as { cause?: unknown }).cause = err
  return out
}
