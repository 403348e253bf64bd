/**
 * Types of `jwt-sessions/fastify`: the augmentation of Fastify's `FastifyRequest` and
 * `FastifyInstance`.
 *
 * `request.user` and `request.session` are typed once the plugin's module is imported. To type the
 * session data app-wide, augment {@link JwtSessionsTypes}:
 *
 * ```ts
 * declare module 'jwt-sessions/fastify' {
 *   interface JwtSessionsTypes { data: { role: string } }
 * }
 * ```
 */
import type { AuthUser, RequestSession } from '../../http/request-session.js'
import type { FastifySessions } from './fastify-sessions.js'

/** App-wide type registry (see the module comment). Empty: session data `unknown`. */
// biome-ignore lint/suspicious/noEmptyInterface: filled in by the application's augmentation
export interface JwtSessionsTypes {}

/** The session data type registered in {@link JwtSessionsTypes}, else `unknown`. */
export type RegisteredData = JwtSessionsTypes extends { data: infer D } ? D : unknown

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in user, set by `app.jwt.auth` (and `optionalAuth` when a token came). */
    user?: AuthUser
    /** The request session, set by `app.jwt.auth` (at `requestKey` when that option renames it). */
    session?: RequestSession<RegisteredData>
  }
  interface FastifyInstance {
    /** The jwt-sessions hooks and handlers, decorated by `app.register(fastifySessions, ...)`. */
    jwt: FastifySessions<RegisteredData>
  }
}
