/**
 * Every error jwt-sessions throws on purpose extends {@link JwtSessionsError}: a stable machine-readable
 * `code` to switch on and the HTTP `status` an HTTP layer should answer with. Messages never contain
 * token material, so they are safe to log and to send to clients.
 *
 * Each class carries its code and status as static fields (as jose does: `TokenExpiredError.code`),
 * and {@link ERROR_CLASSES} lists the classes: the code union, the HTTP layer's known codes and the
 * compat mappings are all derived from them, so adding a class is one edit here.
 */

/** Base class of every jwt-sessions error. */
export abstract class JwtSessionsError extends Error {
  /** Machine-readable, stable across versions. */
  abstract readonly code: JwtSessionsErrorCode
  /** HTTP status an HTTP layer answers with. */
  abstract readonly status: number

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
    // The bundler keeps class names in every build (tsup `keepNames`); CJS output renames classes otherwise.
    this.name = new.target.name
  }

  /** A body safe to send to a client: `{ error: { code, message } }`. */
  toJSON(): { error: { code: JwtSessionsErrorCode; message: string } } {
    return { error: { code: this.code, message: this.message } }
  }
}

/** A bad option, environment variable or argument. Thrown at construction (status 500). */
export class ConfigError extends JwtSessionsError {
  static readonly code = 'CONFIG_INVALID'
  static readonly status = 500
  readonly code = ConfigError.code
  readonly status = ConfigError.status
}

/** The request carried no token at all (HTTP layer only). */
export class TokenMissingError extends JwtSessionsError {
  static readonly code = 'TOKEN_MISSING'
  static readonly status = 401
  readonly code = TokenMissingError.code
  readonly status = TokenMissingError.status
  constructor(message = 'No access token was sent') {
    super(message)
  }
}

/** Malformed, forged, wrongly signed, wrong type, wrong issuer/audience or not yet valid. */
export class TokenInvalidError extends JwtSessionsError {
  static readonly code = 'TOKEN_INVALID'
  static readonly status = 401
  readonly code = TokenInvalidError.code
  readonly status = TokenInvalidError.status
  constructor(message = 'The token is invalid', options?: { cause?: unknown }) {
    super(message, options)
  }
}

/** A well-formed token past its `exp` (plus clock tolerance): refresh and retry. */
export class TokenExpiredError extends JwtSessionsError {
  static readonly code = 'TOKEN_EXPIRED'
  static readonly status = 401
  readonly code = TokenExpiredError.code
  readonly status = TokenExpiredError.status
  /** When the token expired, epoch milliseconds. */
  readonly expiredAt: number | undefined
  constructor(message = 'The token has expired', expiredAt?: number) {
    super(message)
    this.expiredAt = expiredAt
  }
}

/** The session is gone: revoked, evicted, idle- or absolute-expired. Sign in again. */
export class SessionRevokedError extends JwtSessionsError {
  static readonly code = 'SESSION_REVOKED'
  static readonly status = 401
  readonly code = SessionRevokedError.code
  readonly status = SessionRevokedError.status
  readonly sessionId: string | undefined
  constructor(message = 'The session has ended', sessionId?: string) {
    super(message)
    this.sessionId = sessionId
  }
}

/** An already rotated refresh token was presented again: the session has been revoked. */
export class RefreshTokenReusedError extends JwtSessionsError {
  static readonly code = 'REFRESH_TOKEN_REUSED'
  static readonly status = 401
  readonly code = RefreshTokenReusedError.code
  readonly status = RefreshTokenReusedError.status
  readonly sessionId: string
  readonly userId: string
  constructor(sessionId: string, userId: string) {
    super('The refresh token was already used; the session has been revoked')
    this.sessionId = sessionId
    this.userId = userId
  }
}

/** A cookie-authenticated state-changing request failed the CSRF check. */
export class CsrfError extends JwtSessionsError {
  static readonly code = 'CSRF_FAILED'
  static readonly status = 403
  readonly code = CsrfError.code
  readonly status = CsrfError.status
  constructor(message = 'CSRF check failed') {
    super(message)
  }
}

/** Authenticated, but not allowed to do this. */
export class ForbiddenError extends JwtSessionsError {
  static readonly code = 'FORBIDDEN'
  static readonly status = 403
  readonly code = ForbiddenError.code
  readonly status = ForbiddenError.status
  constructor(message = 'Forbidden') {
    super(message)
  }
}

/** The thing asked for does not exist (or is not the caller's). */
export class NotFoundError extends JwtSessionsError {
  static readonly code = 'NOT_FOUND'
  static readonly status = 404
  readonly code = NotFoundError.code
  readonly status = NotFoundError.status
  constructor(message = 'Not found') {
    super(message)
  }
}

/** Too many requests; `retryAfterMs` says when to try again. */
export class RateLimitedError extends JwtSessionsError {
  static readonly code = 'RATE_LIMITED'
  static readonly status = 429
  readonly code = RateLimitedError.code
  readonly status = RateLimitedError.status
  readonly retryAfterMs: number
  constructor(retryAfterMs: number, message = 'Too many requests') {
    super(message)
    this.retryAfterMs = retryAfterMs
  }
}

/** The session store did not answer in time or refused the connection. Retry later. */
export class StoreUnavailableError extends JwtSessionsError {
  static readonly code = 'STORE_UNAVAILABLE'
  static readonly status = 503
  readonly code = StoreUnavailableError.code
  readonly status = StoreUnavailableError.status
  readonly retryAfterMs: number
  constructor(message = 'The session store is unavailable', options?: { cause?: unknown }) {
    super(message, options)
    this.retryAfterMs = 1000
  }
}

/**
 * Every error class, in the order of the docs' error table. The single source of the codes: the
 * union below, `errorResponse`'s known codes and the compat mappings are derived from it.
 */
export const ERROR_CLASSES = [
  ConfigError,
  TokenMissingError,
  TokenInvalidError,
  TokenExpiredError,
  SessionRevokedError,
  RefreshTokenReusedError,
  CsrfError,
  ForbiddenError,
  NotFoundError,
  RateLimitedError,
  StoreUnavailableError,
] as const

/** The stable codes, one per condition. Narrow on `switch (err.code)`. */
export type JwtSessionsErrorCode = (typeof ERROR_CLASSES)[number]['code']

/** The HTTP status of each code, derived from the classes. */
export const STATUS_BY_CODE: Readonly<Record<JwtSessionsErrorCode, number>> = Object.freeze(
  Object.fromEntries(ERROR_CLASSES.map((c) => [c.code, c.status])) as Record<JwtSessionsErrorCode, number>,
)

/**
 * Codes that mean "this token is refused for good" (every 401 except `TOKEN_MISSING`, where no token
 * was sent): a logout with such a token has nothing left to end.
 */
export const TOKEN_REFUSED_CODES: ReadonlySet<JwtSessionsErrorCode> = new Set(
  ERROR_CLASSES.filter((c) => c.status === 401 && c.code !== TokenMissingError.code).map((c) => c.code),
)

/**
 * True when `err` is one of ours. Duck-typed on `code` and `status` (never `instanceof`), so an error
 * from a second copy of the package (the CommonJS build next to the ESM one, a nested install) counts.
 * @example
 * ```ts
 * if (isJwtSessionsError(err)) res.status(err.status).json(err.toJSON())
 * ```
 */
export function isJwtSessionsError(err: unknown): err is JwtSessionsError {
  if (typeof err !== 'object' || err === null) return false
  const { code, status, message } = err as { code?: unknown; status?: unknown; message?: unknown }
  return (
    typeof code === 'string' &&
    Object.hasOwn(STATUS_BY_CODE, code) &&
    STATUS_BY_CODE[code as JwtSessionsErrorCode] === status &&
    typeof message === 'string'
  )
}
