/**
 * Types of `jwt-sessions/koa`: what the middleware puts in `ctx.state`, and the context it accepts.
 *
 * Koa types per-request state through the application's generics, so type it once:
 *
 * ```ts
 * const app = new Koa<KoaSessionState<{ role: string }>>()
 * app.use((ctx) => { ctx.body = { id: ctx.state.user?.id, role: ctx.state.session?.data.role } })
 * ```
 */
import type { ParameterizedContext } from 'koa'
import type { AuthUser, RequestSession } from '../../http/request-session.js'

/**
 * `ctx.state` after `auth` (and after `optionalAuth` when a token came): the signed-in user and the
 * request session, under `K` (the `requestKey` option, default `'session'`). Both are optional
 * because the state type is the whole application's: routes without `auth` have neither.
 */
export type KoaSessionState<D = unknown, K extends string = 'session'> = { user?: AuthUser } & {
  [P in K]?: RequestSession<D>
}

/** Any Koa 2 or 3 context, whatever the application's state and context types. */
export type KoaContext = ParameterizedContext<unknown, object>
