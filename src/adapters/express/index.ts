/**
 * `jwt-sessions/express`: Express 4 and 5 middleware, handlers and seed 004's routes.
 * @packageDocumentation
 */
export { expressSessions, type ExpressSessions, type ExpressSessionsOptions } from './express-sessions.js'
export { sendExpress, type MultiHeaderResponse } from './send.js'
export { createRateLimit, createLoginGuard, type LoginGuard, type RateLimitHandler } from './rate-limit.js'
export type { AuthedRequest, JwtSessionsTypes, RegisteredData, RegisteredKey, RequestSessionSlot } from './types.js'
export * from '../shared-exports.js'
import './types.js'
