/**
 * `jwt-sessions/hono`: Hono 4 middleware with typed context variables, handlers and seed 004's
 * routes as a sub-app. The session store still needs Node APIs: see `docs/hono.md`.
 * @packageDocumentation
 */
export { honoSessions } from './hono-sessions.js'
export type {
  HonoHandler,
  HonoLoginGuard,
  HonoOptionalSessionEnv,
  HonoRateLimit,
  HonoSessionEnv,
  HonoSessions,
  HonoSessionsOptions,
} from './types.js'
export type { HonoClientIp } from './context.js'
export { fromHonoException } from './errors.js'
export { toResponse } from '../fetch/response.js'
export * from '../shared-exports.js'
