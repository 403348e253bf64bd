// What every adapter entry point re-exports besides its own factory: the shared types and helpers.
export { RequestSession, type AuthUser, type RequestSessionJSON } from '../http/request-session.js'
export { errorResponse, type ErrorBody, type HttpResponse } from '../http/respond.js'
export { HttpInputError, type HttpInputErrorCode } from '../http/errors.js'
export type {
  AuthorizeContext,
  CookieModeOptions,
  CsrfOptions,
  HttpSessionsOptions,
  TokenSource,
} from '../http/options.js'
export type { PublicTokenSet } from '../http/core.js'
export type { LoginAttempt, LoginGuardOptions } from '../http/rate-limit/login-guard.js'
export type { RateLimitOptions } from '../http/rate-limit/options.js'
