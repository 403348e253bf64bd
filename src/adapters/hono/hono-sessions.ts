import { type Context, Hono, type MiddlewareHandler, type Next } from 'hono'
import { ConfigError } from '../../errors/index.js'
import { createAdapter, type RequestBinding } from '../../http/adapter.js'
import type { HttpResponse } from '../../http/respond.js'
import { trackLoginGuard } from '../../http/rate-limit/adapter.js'
import { recordRequests } from '../../http/request-records.js'
import type { Sessions } from '../../sessions/types.js'
import { toResponse, withHeaders } from '../fetch/response.js'
import { FetchView } from '../fetch/view.js'
import { bodyOfContext, pathBelowMount, requiredSocketAddressOf, socketAddressOf } from './context.js'
import { fromHonoException, isHttpException } from './errors.js'
import type { HonoOptionalSessionEnv, HonoSessionEnv, HonoSessions, HonoSessionsOptions } from './types.js'

/**
 * Hono 4 integration: middleware setting typed context variables, handlers, and seed 004's routes
 * as a sub-app, over a session engine. Runs wherever Hono runs (the session store needs Node: see
 * `docs/hono.md`).
 *
 * @example
 * ```ts
 * const hjwt = honoSessions(sessions)
 * const app = new Hono()
 * app.onError(hjwt.errorHandler)
 * app.get('/profile', hjwt.auth, (c) => c.json({ user: c.get('user') }))
 * app.route('/api/token', hjwt.routes())
 * ```
 */
export function honoSessions<D = unknown>(sessions: Sessions<D>, options: HonoSessionsOptions = {}): HonoSessions<D> {
  const { clientIp, ...http } = options
  if (clientIp !== undefined && typeof clientIp !== 'function')
    throw new ConfigError('"clientIp" option must be a function')
  const ipOf = clientIp ?? socketAddressOf
  const binding: RequestBinding<Context> = {
    view: (c) => new FetchView(c.req.raw, () => ipOf(c)),
    readBody: bodyOfContext,
  }
  const adapter = createAdapter(sessions, http, binding, 'honoSessions options', ['clientIp'])
  const { core } = adapter
  const { requestKey } = core.config
  const records = recordRequests(sessions, adapter, ipOf, true, (c: Context) => c.req.method.toUpperCase())
  // What counts per client refuses to guess when the default cannot know the address.
  const countedIpOf = clientIp ?? requiredSocketAddressOf
  const answer = (c: Context, response: HttpResponse) => toResponse(response, c.req.method)

  const authenticate = (optional: boolean): MiddlewareHandler => {
    return async (c, next) => {
      const outcome = await records.authenticate(c, optional)
      if (outcome.response !== undefined) return answer(c, outcome.response)
      if (outcome.auth !== undefined) {
        c.set('user', outcome.user)
        c.set(requestKey, outcome.session)
      }
      await next()
    }
  }

  const serveRoutes = async (c: Context, next: Next) => {
    const response = await adapter.routes(c, pathBelowMount(c))
    if (response === undefined) return next()
    return answer(c, response)
  }

  return Object.freeze({
    core,
    auth: authenticate(false) as MiddlewareHandler<HonoSessionEnv<D>>,
    optionalAuth: authenticate(true) as MiddlewareHandler<HonoOptionalSessionEnv<D>>,
    logout: async (c: Context) => answer(c, await adapter.logout(c, records.authOf(c))),
    logoutAll: async (c: Context) => answer(c, await adapter.logoutAll(c, records.authOf(c))),
    refresh: async (c: Context) => answer(c, await adapter.refresh(c)),
    routes: () => new Hono().all('/*', serveRoutes),
    rateLimit(maxAttemptsOrOptions, windowMs) {
      const { limiter, view } = records.limiter(maxAttemptsOrOptions, windowMs)
      const perClient = limiter.options.keys.some((k) => k === 'ip' || k === 'user')
      const middleware: MiddlewareHandler = async (c, next) => {
        if (perClient) countedIpOf(c)
        const out = await limiter.consume(view(c))
        if (out.refused) return answer(c, out.refused)
        await next()
        // Errors downstream were already answered by the app's error handler: c.res is that answer.
        const res = withHeaders(c.res, out.headers)
        if (res !== c.res) c.res = res
        if (out.needsSettle) await out.settle(c.res.status)
      }
      return Object.assign(middleware, { limiter })
    },
    loginGuard(opts = {}) {
      const guard = trackLoginGuard<Context>(sessions.store, opts, countedIpOf)
      const admit = async (c: Context, username: unknown) => {
        const refused = await guard.admit(c, username)
        return refused === undefined ? null : answer(c, refused)
      }
      const middleware =
        (usernameOf: (c: Context) => unknown): MiddlewareHandler =>
        async (c, next) => {
          const refused = await admit(c, await usernameOf(c))
          if (refused) return refused
          await next()
        }
      return { check: guard.check, fail: guard.fail, succeed: guard.succeed, admit, middleware }
    },
    signIn: async (c, userId, opts) => answer(c, await adapter.signIn(c, userId, opts)),
    errorHandler(err, c) {
      const mapped = fromHonoException(err)
      if (mapped === undefined && isHttpException(err)) return err.getResponse()
      const response = core.errorResponse(mapped ?? err)
      // As Hono's default handler does: the details go to the log, never to the client.
      if (response.status === 500) console.error(err)
      return answer(c, response)
    },
    errorResponse: (err) => toResponse(core.errorResponse(err)),
  } satisfies HonoSessions<D>)
}
