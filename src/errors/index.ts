/**
 * Every error jwt-sessions throws on purpose extends {@link JwtSessionsError}: a stable machine-readable
 * `code` to switch on and the HTTP `status` an HTTP layer should answer with. Messages never contain
 * token material, so they are safe to log and to send to clients.
 */

/** The stable codes, one per condition. Narrow on `switch (err.code)`. */
export type JwtSessionsErrorCode =
  | 'CONFIG_INVALID'
  | 'TOKEN_MISSING'
  | 'TOKEN_INVALID'
  | 'TOKEN_EXPIRED'
  | 'SESSION_REVOKED'
  | 'REFRESH_TOKEN_REUSED'
  | 'CSRF_FAILED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'RATE_LIMITED'
  | 'STORE_UNAVAILABLE'

/** Base class of every jwt-sessions error. */
export abstract class JwtSessionsError extends Error {
  /** Machine-readable, stable across versions. */
  abstract readonly code: JwtSessionsErrorCode
  /** HTTP status an HTTP layer answers with. */
  abstract readonly status: number

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = new.target.name
  }

  /** A body safe to send to a client: `{ error: { code, message } }`. */
  toJSON(): { error: { code: JwtSessionsErrorCode; message: string } } {
    return { error: { code: this.code, message: this.message } }
  }
}

/** A bad option, environment variable or argument. Thrown at construction (status 500). */
export class ConfigError extends JwtSessionsError {
  readonly code = 'CONFIG_INVALID' as const
  readonly status = 500
}

/** The request carried no token at all (HTTP layer only). */
export class TokenMissingError extends JwtSessionsError {
  readonly code = 'TOKEN_MISSING' as const
  readonly status = 401
  constructor(message = 'No access token was sent') {
    super(message)
  }
}

/** Malformed, forged, wrongly signed, wrong type, wrong issuer/audience or not yet valid. */
export class TokenInvalidError extends JwtSessionsError {
  readonly code = 'TOKEN_INVALID' as const
  readonly status = 401
  constructor(message = 'The token is invalid', options?: { cause?: unknown }) {
    super(message, options)
  }
}

/** A well-formed token past its `exp` (plus clock tolerance): refresh and retry. */
export class TokenExpiredError extends JwtSessionsError {
  readonly code = 'TOKEN_EXPIRED' as const
  readonly status = 401
  /** When the token expired, epoch milliseconds. */
  readonly expiredAt: number | undefined
  constructor(message = 'The token has expired', expiredAt?: number) {
    super(message)
    this.expiredAt = expiredAt
  }
}

/** The session is gone: revoked, evicted, idle- or absolute-expired. Sign in again. */
export class SessionRevokedError extends JwtSessionsError {
  readonly code = 'SESSION_REVOKED' as const
  readonly status = 401
  readonly sessionId: string | undefined
  constructor(message = 'The session has ended', sessionId?: string) {
    super(message)
    this.sessionId = sessionId
  }
}

/** An already rotated refresh token was presented again: the session has been revoked. */
export class RefreshTokenReusedError extends JwtSessionsError {
  readonly code = 'REFRESH_TOKEN_REUSED' as const
  readonly status = 401
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
  readonly code = 'CSRF_FAILED' as const
  readonly status = 403
  constructor(message = 'CSRF check failed') {
    super(message)
  }
}

/** Authenticated, but not allowed to do this. */
export class ForbiddenError extends JwtSessionsError {
  readonly code = 'FORBIDDEN' as const
  readonly status = 403
  constructor(message = 'Forbidden') {
    super(message)
  }
}

/** The thing asked for does not exist (or is not the caller's). */
export class NotFoundError extends JwtSessionsError {
  readonly code = 'NOT_FOUND' as const
  readonly status = 404
  constructor(message = 'Not found') {
    super(message)
  }
}

/** Too many requests; `retryAfterMs` says when to try again. */
export class RateLimitedError extends JwtSessionsError {
  readonly code = 'RATE_LIMITED' as const
  readonly status = 429
  readonly retryAfterMs: number
  constructor(retryAfterMs: number, message = 'Too many requests') {
    super(message)
    this.retryAfterMs = retryAfterMs
  }
}

/** The session store did not answer in time or refused the connection. Retry later. */
export class StoreUnavailableError extends JwtSessionsError {
  readonly code = 'STORE_UNAVAILABLE' as const
  readonly status = 503
  readonly retryAfterMs: number
  constructor(message = 'The session store is unavailable', options?: { cause?: unknown }) {
    super(message, options)
    this.retryAfterMs = 1000
  }
}

/** True when `err` is one of ours (works across duplicated package copies by checking the code). */
export function isJwtSessionsError(err: unknown): err is JwtSessionsError {
  return err instanceof JwtSessionsError
}
