/**
 * `jwt-sessions/express`: Express 4 and 5 middleware, handlers and seed 004's routes.
 * @packageDocumentation
 */
export { expressSessions, type ExpressSessions, type ExpressSessionsOptions } from './express-sessions.js'
export { sendExpress, type MultiHeaderResponse } from './send.js'
export { createRateLimit, createLoginGuard, type LoginGuard, type RateLimitHandler } from './rate-limit.js'
export type { AuthedRequest, JwtSessionsTypes, RegisteredData, RegisteredKey, RequestSessionSlot } from './types.js'
export { RequestSession, type AuthUser, type RequestSessionJSON } from '../../http/request-session.js'
export { errorResponse, type ErrorBody, type HttpResponse } from '../../http/respond.js'
export { HttpInputError, type HttpInputErrorCode } from '../../http/errors.js'
export type {
  AuthorizeContext,
  CookieModeOptions,
  CsrfOptions,
  HttpSessionsOptions,
  TokenSource,
} from '../../http/options.js'
export type { PublicTokenSet } from '../../http/core.js'
import './types.js'
