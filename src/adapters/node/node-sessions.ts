import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Duration } from '../../config/duration.js'
import { rejectUnknownKeys } from '../../config/unknown-keys.js'
import { ConfigError } from '../../errors/index.js'
import { createAdapter } from '../../http/adapter.js'
import type { HttpCore, PublicTokenSet } from '../../http/core.js'
import type { HttpSessionsOptions } from '../../http/options.js'
import type { TrackedLoginGuard } from '../../http/rate-limit/adapter.js'
import type { Limiter } from '../../http/rate-limit/limiter.js'
import type { LoginGuardOptions } from '../../http/rate-limit/login-guard.js'
import type { RateLimitOptions } from '../../http/rate-limit/options.js'
import { recordRequests } from '../../http/request-records.js'
import type { AuthUser, RequestSession } from '../../http/request-session.js'
import type { CreateOptions, Sessions } from '../../sessions/types.js'
import { sendNode, settleWhenDone } from './send.js'
import { bodyOf, mountPrefix, NodeView, pathOf, type ClientIp } from './view.js'

/** Options of {@link nodeSessions}: the shared HTTP options (see `docs/node.md`) and `clientIp`. */
export interface NodeSessionsOptions extends HttpSessionsOptions {
  /**
   * The client's address, for session listing and the rate limiters. Default: the socket's remote
   * address. Behind a reverse proxy, read the header your proxy sets (and only then).
   */
  clientIp?: ClientIp
}

/** A signed-in request: the user and the request session. */
export interface NodeAuth<D> {
  user: AuthUser
  session: RequestSession<D>
}

/** A rate limiter: resolves true when the request may go on, false once it answered 429/503. */
export type NodeRateLimit = ((req: IncomingMessage, res: ServerResponse) => Promise<boolean>) & {
  readonly limiter: Limiter<IncomingMessage>
}

/** A login guard whose attempts are remembered per request. */
export interface NodeLoginGuard extends Omit<TrackedLoginGuard<IncomingMessage>, 'admit'> {
  /** Counts an attempt for `username`; resolves false once it answered 429/503 (blocked). */
  admit(req: IncomingMessage, res: ServerResponse, username: unknown): Promise<boolean>
}

/** What {@link nodeSessions} returns. Every handler answers errors itself, in the contract envelope. */
export interface NodeSessions<D = unknown> {
  /** Requires a valid token: resolves to the user and session, or to null once it answered 401/403/503. */
  auth(req: IncomingMessage, res: ServerResponse): Promise<NodeAuth<D> | null>
  /** Like `auth`, but a request without any token resolves to an empty context. A bad token is still 401. */
  optionalAuth(
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<NodeAuth<D> | { user: undefined; session: undefined } | null>
  /** Ends the request's session (the one `auth` found, or the token the request carries). */
  logout(req: IncomingMessage, res: ServerResponse): Promise<void>
  /** Ends every session of the user; `{ "exceptCurrent": true }` keeps the current one. */
  logoutAll(req: IncomingMessage, res: ServerResponse): Promise<void>
  /** Rotates the refresh token from the body `{ refreshToken }` or the refresh cookie. */
  refresh(req: IncomingMessage, res: ServerResponse): Promise<void>
  /**
   * Seed 004's endpoints plus `GET /sessions` and `DELETE /sessions/:id` under `prefix` (default
   * `/api/token`): the handler resolves true when it answered, false when the path is not one of them.
   */
  routes(options?: { prefix?: string }): (req: IncomingMessage, res: ServerResponse) => Promise<boolean>
  /** A rate limiter on the session store: `rateLimit(5, '15m')` or `rateLimit({ ... })`. */
  rateLimit(maxAttemptsOrOptions: number | RateLimitOptions<IncomingMessage>, windowMs?: Duration): NodeRateLimit
  /** Brute-force guard for login routes, on the session store. */
  loginGuard(options?: LoginGuardOptions): NodeLoginGuard
  /** Starts a session for `userId` and answers it (cookies in cookie mode); resolves to the body sent. */
  signIn(req: IncomingMessage, res: ServerResponse, userId: string, options?: CreateOptions<D>): Promise<PublicTokenSet>
  /** Answers anything thrown in the contract's error envelope (500 without details for unknown errors). */
  sendError(res: ServerResponse, err: unknown): void
  /** The framework-neutral core. */
  readonly core: HttpCore<D>
}

/**
 * Plain `node:http` integration: `(req, res)` helpers for servers without a framework.
 *
 * @example
 * ```ts
 * const jwt = nodeSessions(sessions)
 * const routes = jwt.routes({ prefix: '/api/token' })
 * createServer(async (req, res) => {
 *   if (await routes(req, res)) return
 *   const auth = await jwt.auth(req, res)
 *   if (auth) res.end(JSON.stringify({ user: auth.user }))
 * })
 * ```
 */
export function nodeSessions<D = unknown>(sessions: Sessions<D>, options: NodeSessionsOptions = {}): NodeSessions<D> {
  const { clientIp, ...http } = options
  if (clientIp !== undefined && typeof clientIp !== 'function')
    throw new ConfigError('"clientIp" option must be a function')
  const ipOf: ClientIp = clientIp ?? ((req) => req.socket.remoteAddress)
  const binding = { view: (req: IncomingMessage) => new NodeView(req, ipOf), readBody: bodyOf }
  const adapter = createAdapter(sessions, http, binding, 'nodeSessions options', ['clientIp'])
  const records = recordRequests(sessions, adapter, ipOf, true, (req: IncomingMessage) =>
    (req.method ?? 'GET').toUpperCase(),
  )

  const authenticate = async (req: IncomingMessage, res: ServerResponse, optional: boolean) => {
    const outcome = await records.authenticate(req, optional)
    if (outcome.response !== undefined) {
      sendNode(res, outcome.response)
      return null
    }
    if (outcome.auth === undefined) return { user: undefined, session: undefined }
    return { user: outcome.user, session: outcome.session }
  }

  return Object.freeze({
    core: adapter.core,
    auth: (req, res) => authenticate(req, res, false) as Promise<NodeAuth<D> | null>,
    optionalAuth: (req, res) => authenticate(req, res, true),
    logout: async (req, res) => sendNode(res, await adapter.logout(req, records.authOf(req))),
    logoutAll: async (req, res) => sendNode(res, await adapter.logoutAll(req, records.authOf(req))),
    refresh: async (req, res) => sendNode(res, await adapter.refresh(req)),
    routes(routeOptions = {}) {
      rejectUnknownKeys(routeOptions, ['prefix'], 'routes() options')
      const base = mountPrefix(routeOptions.prefix ?? '/api/token')
      return async (req, res) => {
        const path = pathOf(req.url ?? '/')
        if (path !== base && !path.startsWith(`${base}/`)) return false
        const response = await adapter.routes(req, path.slice(base.length) || '/')
        if (response === undefined) return false
        sendNode(res, response)
        return true
      }
    },
    rateLimit(maxAttemptsOrOptions, windowMs) {
      const { limiter, view } = records.limiter(maxAttemptsOrOptions, windowMs)
      const handler = async (req: IncomingMessage, res: ServerResponse) => {
        const out = await limiter.consume(view(req))
        if (out.refused) {
          sendNode(res, out.refused)
          return false
        }
        settleWhenDone(res, out)
        return true
      }
      return Object.assign(handler, { limiter })
    },
    loginGuard(opts) {
      const guard = records.loginGuard(opts)
      const admit = async (req: IncomingMessage, res: ServerResponse, username: unknown) => {
        const refused = await guard.admit(req, username)
        if (refused) sendNode(res, refused)
        return refused === undefined
      }
      return { ...guard, admit }
    },
    async signIn(req, res, userId, opts) {
      const r = await adapter.signIn(req, userId, opts)
      sendNode(res, r)
      return r.body
    },
    sendError: (res, err) => sendNode(res, adapter.core.errorResponse(err)),
  } satisfies NodeSessions<D>)
}
