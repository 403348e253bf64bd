import type { AdapterSurface } from '../surface.js'
import type {
  FastifyError,
  FastifyInstance,
  FastifyPluginAsync,
  FastifyReply,
  FastifyRequest,
  RouteOptions,
} from 'fastify'
import { createAdapter } from '../../http/adapter.js'
import type { PublicTokenSet } from '../../http/core.js'
import type { HttpSessionsOptions } from '../../http/options.js'
import type { TrackedLoginGuard } from '../../http/rate-limit/adapter.js'
import type { Limiter } from '../../http/rate-limit/limiter.js'
import { recordRequests } from '../../http/request-records.js'
import { errorResponse, type HttpResponse } from '../../http/respond.js'
import { HttpInputError } from '../../http/errors.js'
import type { CreateOptions, Sessions } from '../../sessions/types.js'
import { settleWhenDone } from '../node/send.js'
import { pathOf } from '../node/view.js'
import { fromFastifyParser } from './parser-errors.js'
import { sendFastify } from './send.js'
import { bodyOf, viewOf } from './view.js'

/** Options of {@link fastifySessions}: the session engine and the shared HTTP options (see `docs/fastify.md`). */
export interface FastifySessionsOptions<D = unknown> extends HttpSessionsOptions {
  /** The session engine from `createSessions()`. Required. */
  sessions: Sessions<D>
}

/** A Fastify hook (`onRequest`, `preHandler`, ...) or handler of this plugin. */
export type FastifyHook = (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>

/** A rate-limit hook; `limiter` is exposed for `reset` and tests. */
export type FastifyRateLimit = FastifyHook & { readonly limiter: Limiter<FastifyRequest> }

/** A login guard whose attempts are remembered per request. */
export interface FastifyLoginGuard extends Omit<TrackedLoginGuard<FastifyRequest>, 'admit'> {
  /** A `preHandler` counting an attempt for `username(request)`; answers 429/503 itself when refused. */
  preHandler(username: (request: FastifyRequest) => unknown): FastifyHook
}

/**
 * What the plugin decorates `app.jwt` with. Every hook and handler answers errors itself, in the
 * contract envelope. `auth`, `optionalAuth` and `rateLimit(...)` are `preHandler` hooks (`auth` sets
 * `request.user` and `request.session`); `logout`, `logoutAll` and `refresh` are route handlers.
 */
export interface FastifySessions<D = unknown>
  extends AdapterSurface<
    D,
    {
      auth: FastifyHook
      optionalAuth: FastifyHook
      handler: FastifyHook
      request: FastifyRequest
      rateLimit: FastifyRateLimit
      loginGuard: FastifyLoginGuard
    }
  > {
  /**
   * Seed 004's endpoints plus `GET /sessions` and `DELETE /sessions/:id`, as a plugin to register
   * under a prefix: `await app.register(app.jwt.routes(), { prefix: '/api/token' })`.
   */
  routes(): FastifyPluginAsync
  /** Starts a session for `userId`: sets the cookies (cookie mode) on `reply`, resolves to the body to send. */
  signIn(
    request: FastifyRequest,
    reply: FastifyReply,
    userId: string,
    options?: CreateOptions<D>,
  ): Promise<PublicTokenSet>
  /**
   * Error handler answering jwt-sessions errors and Fastify's body-parser failures in the envelope;
   * anything else is passed on to the enclosing error handler. Routes that use a hook or handler
   * of this plugin get it by themselves (unless they set their own `errorHandler`).
   */
  errorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply
  /**
   * Answers the errors Fastify raises before any route runs (a URL whose percent-encoding does not
   * decode): under a `routes()` prefix as those routes do, elsewhere 400 in the envelope. Give it
   * to the server as `Fastify({ frameworkErrors })` (the function exported by this module).
   */
  frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply>
}

const binding = { view: viewOf, readBody: bodyOf }
const HOOK_STAGES = ['onRequest', 'preParsing', 'preValidation', 'preHandler'] as const

function build<D>(app: FastifyInstance, { sessions, ...http }: FastifySessionsOptions<D>): FastifySessions<D> {
  const adapter = createAdapter(sessions, http, binding, 'fastifySessions options', ['sessions'])
  const { core } = adapter
  const { requestKey, bodyLimit } = core.config
  const records = recordRequests(
    sessions,
    adapter,
    (request: FastifyRequest) => request.ip,
    true,
    (r) => r.method,
  )
  const ours = new WeakSet<object>()
  const mine = <F extends object>(fn: F): F => {
    ours.add(fn)
    return fn
  }

  const authenticate = (optional: boolean): FastifyHook =>
    mine(async (request, reply) => {
      const outcome = await records.authenticate(request, optional)
      if (outcome.response !== undefined) return sendFastify(reply, outcome.response)
      if (outcome.auth === undefined) return
      const slot = request as unknown as Record<string, unknown>
      slot.user = outcome.user
      slot[requestKey] = outcome.session
    })
  const handler = (fn: (request: FastifyRequest) => Promise<HttpResponse>): FastifyHook =>
    mine(async (request, reply) => sendFastify(reply, await fn(request)))
  const handlers = {
    logout: handler((request) => adapter.logout(request, records.authOf(request))),
    logoutAll: handler((request) => adapter.logoutAll(request, records.authOf(request))),
    refresh: handler((request) => adapter.refresh(request)),
  }

  const errorHandler = (error: FastifyError, _request: FastifyRequest, reply: FastifyReply) => {
    const r = core.errorResponse(fromFastifyParser(error) ?? error)
    // Not ours to answer: rethrowing hands it to the enclosing scope's error handler.
    if (r.status === 500) throw error
    return sendFastify(reply, r)
  }

  const mounts: string[] = []
  const routed = (request: FastifyRequest, base: string) =>
    adapter.routes(request, pathOf(request.url).slice(base.length) || '/')

  const routes = (): FastifyPluginAsync => async (scope) => {
    const base = scope.prefix
    mounts.push(base)
    const serve = async (request: FastifyRequest, reply: FastifyReply) => {
      const response = await routed(request, base)
      return response === undefined ? reply.callNotFound() : sendFastify(reply, response)
    }
    const route = { method: ['GET', 'POST', 'DELETE'], handler: serve, errorHandler, bodyLimit }
    scope.route({ ...route, url: '/' })
    scope.route({ ...route, url: '/*' })
  }

  // Routes using these hooks or handlers answer Fastify's parser failures in the envelope; those
  // whose body only the plugin reads (logout, logoutAll, refresh) get its body limit too.
  app.addHook('onRoute', (route: RouteOptions) => {
    const hooks = HOOK_STAGES.flatMap((stage) => [route[stage] ?? []].flat() as object[])
    const ownHandler = ours.has(route.handler)
    if (route.errorHandler === undefined && (ownHandler || hooks.some((h) => ours.has(h)))) {
      route.errorHandler = errorHandler
    }
    if (ownHandler && route.bodyLimit === undefined) route.bodyLimit = bodyLimit
  })

  return {
    core,
    auth: authenticate(false),
    optionalAuth: authenticate(true),
    ...handlers,
    routes,
    rateLimit(maxAttemptsOrOptions, windowMs) {
      const { limiter, view } = records.limiter(maxAttemptsOrOptions, windowMs)
      const hook = async (request: FastifyRequest, reply: FastifyReply) => {
        const out = await limiter.consume(view(request))
        if (out.refused) {
          reply.headers(out.headers)
          return sendFastify(reply, out.refused)
        }
        settleWhenDone(reply.raw, out)
      }
      return Object.assign(mine(hook), { limiter })
    },
    loginGuard(opts) {
      const guard = records.loginGuard(opts)
      const preHandler = (username: (request: FastifyRequest) => unknown): FastifyHook =>
        mine(async (request, reply) => {
          const refused = await guard.admit(request, username(request))
          if (refused) return sendFastify(reply, refused)
        })
      return { check: guard.check, fail: guard.fail, succeed: guard.succeed, preHandler }
    },
    async signIn(request, reply, userId, opts) {
      const r = await adapter.signIn(request, userId, opts)
      reply.headers(r.headers)
      return r.body
    },
    errorHandler,
    async frameworkErrors(error, request, reply) {
      const path = pathOf(request.url)
      const base = mounts.find((m) => path === m || path.startsWith(`${m}/`))
      const response = base === undefined ? undefined : await routed(request, base)
      return sendFastify(reply, response ?? core.errorResponse(new HttpInputError('BAD_REQUEST', error.message)))
    },
  }
}

async function plugin(app: FastifyInstance, options: FastifySessionsOptions): Promise<void> {
  const jwt = build(app, options)
  app.decorate('jwt', Object.freeze(jwt) as FastifySessions<never>)
  for (const key of ['user', jwt.core.config.requestKey]) {
    if (!app.hasRequestDecorator(key)) app.decorateRequest(key, undefined)
  }
}

/**
 * Fastify 5 plugin: decorates `app.jwt` with hooks, handlers and seed 004's routes over a session
 * engine. Registered without encapsulation (like `fastify-plugin`), so `app.jwt` and the request
 * decorators are visible outside it.
 *
 * @example
 * ```ts
 * await app.register(fastifySessions, { sessions })
 * app.get('/profile', { preHandler: app.jwt.auth }, async (request) => ({ user: request.user }))
 * await app.register(app.jwt.routes(), { prefix: '/api/token' })
 * ```
 */
export const fastifySessions: FastifyPluginAsync<FastifySessionsOptions> = Object.assign(plugin, {
  // fastify-plugin's markers: no encapsulation, a name in errors and `printPlugins()`, the version range.
  [Symbol.for('skip-override')]: true,
  [Symbol.for('fastify.display-name')]: 'jwt-sessions',
  [Symbol.for('plugin-meta')]: { name: 'jwt-sessions', fastify: '5.x' },
})

/**
 * The server's `frameworkErrors` option: Fastify's own routing errors (a URL that does not decode)
 * answered by the registered plugin (see {@link FastifySessions.frameworkErrors}).
 *
 * @example
 * ```ts
 * const app = Fastify({ frameworkErrors })
 * await app.register(fastifySessions, { sessions })
 * ```
 */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): unknown {
  const jwt = (request.server as { jwt?: FastifySessions }).jwt
  if (jwt !== undefined) return jwt.frameworkErrors(error, request, reply)
  return sendFastify(reply, errorResponse(new HttpInputError('BAD_REQUEST', error.message)))
}
