/**
 * The error classes of `jwt-redis-sessions` 3.x, with the same constructor, `statusCode` and `code`,
 * so `catch (e) { if (e instanceof TokenError) ... }` and `e.statusCode` keep working. Each also
 * carries `reason`: the jwt-sessions code behind it (`TOKEN_EXPIRED`, `SESSION_REVOKED`, ...), which
 * the seed could not tell apart.
 */
import { JwtSessionsError } from '../../errors/index.js'

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

const TOKEN_MESSAGES: Record<string, string> = {
  TOKEN_MISSING: 'Authorization header not found',
  TOKEN_INVALID: 'Invalid token',
  TOKEN_EXPIRED: 'Token expired',
  SESSION_REVOKED: 'Session not found or expired',
  REFRESH_TOKEN_REUSED: 'Refresh token reuse detected; the session has been revoked',
}

/**
 * Translates anything thrown by the core into one of the seed's classes. `refresh` words token
 * errors the way the seed's `refreshToken` did.
 */
export function toCompatError(err: unknown, kind: 'access' | 'refresh' = 'access'): Error {
  if (err instanceof CompatError) return err
  if (!(err instanceof JwtSessionsError)) {
    return new AuthError(`Token verification failed: ${err instanceof Error ? err.message : String(err)}`, 500)
  }
  let out: CompatError
  switch (err.code) {
    case 'CONFIG_INVALID':
      out = new ValidationError(err.message, 400)
      break
    case 'STORE_UNAVAILABLE':
      out = new RedisError(`Redis unavailable: ${err.message}`)
      break
    case 'TOKEN_MISSING':
    case 'TOKEN_INVALID':
    case 'TOKEN_EXPIRED':
    case 'SESSION_REVOKED':
    case 'REFRESH_TOKEN_REUSED': {
      const message = kind === 'refresh' && err.code !== 'REFRESH_TOKEN_REUSED'
        ? err.code === 'TOKEN_INVALID' ? 'Invalid refresh token' : 'Invalid refresh token or revoked session'
        : TOKEN_MESSAGES[err.code] ?? err.message
      out = new TokenError(message)
      break
    }
    case 'RATE_LIMITED':
      out = new AuthError(err.message, 429, 'TOO_MANY_REQUESTS')
      break
    default:
      out = new AuthError(err.message, err.status)
  }
  out.reason = err.code
  ;(out as { cause?: unknown }).cause = err
  return out
}
