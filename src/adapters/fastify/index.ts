/**
 * `jwt-sessions/fastify`: a Fastify 5 plugin with hooks, handlers and seed 004's routes.
 * @packageDocumentation
 */
export {
  fastifySessions,
  frameworkErrors,
  type FastifyHook,
  type FastifyLoginGuard,
  type FastifyRateLimit,
  type FastifySessions,
  type FastifySessionsOptions,
} from './fastify-sessions.js'
export { sendFastify } from './send.js'
export { fromFastifyParser } from './parser-errors.js'
export type { JwtSessionsTypes, RegisteredData } from './types.js'
export * from '../shared-exports.js'
import './types.js'
