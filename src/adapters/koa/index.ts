/**
 * `jwt-sessions/koa`: Koa 2 and 3 middleware, handlers and seed 004's routes.
 * @packageDocumentation
 */
export {
  koaSessions,
  type KoaLoginGuard,
  type KoaRateLimit,
  type KoaSessions,
  type KoaSessionsMiddleware,
  type KoaSessionsOptions,
} from './koa-sessions.js'
export { sendKoa } from './send.js'
export { fromKoaBodyParser } from './body-parser-errors.js'
export type { KoaContext, KoaSessionState } from './types.js'
export * from '../shared-exports.js'
