/**
 * `jwt-sessions/adapter`: the seam for writing a framework adapter (see `docs/adapters.md`). The
 * Express, Fastify, Koa, Hono, node:http and Fetch adapters are built on exactly this.
 * @packageDocumentation
 */
export { createAdapter, type AuthOutcome, type HttpAdapter, type RequestBinding } from './adapter.js'
export type { Authenticated, HttpCore, PublicTokenSet } from './core.js'
export { readJsonBody, hasBody } from './body.js'
export { errorResponse, type ErrorBody, type HttpResponse } from './respond.js'
export type { ErrorEnvelope, SuccessEnvelope } from './envelope.js'
export { HttpInputError, type HttpInputErrorCode } from './errors.js'
export type { HeaderMap, HttpRequestView } from './request.js'
export { FrameworkView, type FrameworkRequest } from './framework-view.js'
export type {
  AuthorizeContext,
  CookieModeOptions,
  CsrfOptions,
  HttpSessionsOptions,
  OptionsContext,
  TokenSource,
} from './options.js'
export { RequestSession, userFromClaims, type AuthUser, type RequestSessionJSON } from './request-session.js'
export { recordRequests, type RequestRecords } from './request-records.js'
export { rateLimitOptionsOf, trackLoginGuard, type TrackedLoginGuard } from './rate-limit/adapter.js'
export { createLimiter, type Limiter, type LimitOutcome } from './rate-limit/limiter.js'
export type { LoginAttempt, LoginGuardOptions } from './rate-limit/login-guard.js'
export type { KeyStrategy, LimiterRequest, RateLimitOptions } from './rate-limit/options.js'
export { rejectUnknownKeys } from '../config/unknown-keys.js'
