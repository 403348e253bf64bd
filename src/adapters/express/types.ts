/**
 * Types of `jwt-sessions/express`, including the augmentation of Express's `Request`.
 *
 * `req.user` is always typed. The request session lives at `req.session` by default; to type its data
 * or rename the property app-wide (e.g. next to express-session), augment {@link JwtSessionsTypes}:
 *
 * ```ts
 * declare module 'jwt-sessions/express' {
 *   interface JwtSessionsTypes { data: { role: string }; requestKey: 'jwtSession' }
 * }
 * ```
 */
import type { AuthUser, RequestSession } from '../../http/request-session.js'

/** App-wide type registry (see the module comment). Empty: data `unknown`, key `session`. */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface JwtSessionsTypes {}

/** The session data type registered in {@link JwtSessionsTypes}, else `unknown`. */
export type RegisteredData = JwtSessionsTypes extends { data: infer D } ? D : unknown
/** The request key registered in {@link JwtSessionsTypes}, else `'session'`. */
export type RegisteredKey = JwtSessionsTypes extends { requestKey: infer K extends string } ? K : 'session'

/** The request property that holds the request session. */
export type RequestSessionSlot = { [K in RegisteredKey]?: RequestSession<RegisteredData> }

/**
 * A request after `auth`, for handlers that want the data type from `createSessions<D>()` without
 * the registry: `(req: AuthedRequest<typeof jwt>, res) => ...` or `AuthedRequest<{ role: string }>`.
 */
export type AuthedRequest<D = RegisteredData, K extends string = RegisteredKey> = import('express').Request & {
  user: AuthUser
} & { [P in K]: RequestSession<D> }

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    // Same shape as passport's declaration (`user?: User`), so both can be installed together.
    interface User extends AuthUser {}
    interface Request extends RequestSessionSlot {
      user?: User
    }
  }
}
