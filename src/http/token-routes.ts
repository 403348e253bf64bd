/**
 * Seed 004's endpoints (`/refresh`, `/validate`, `/auto-refresh`, `/session-stats/:userId`,
 * `/health`), `POST /logout` (by access or refresh token) and the device-list endpoints
 * (`GET /sessions`, `DELETE /sessions/:id`), framework
 * neutral. Success answers use seed 004's `{ success, message, data }`; in it `expiresIn` and
 * `timeUntilExpiry` are milliseconds and `expiresAt` an ISO 8601 string, as the seed shows.
 */
import { ForbiddenError, NotFoundError, TokenMissingError } from '../errors/index.js'
import type { TokenSet } from '../sessions/types.js'
import type { HttpCore, Refreshed } from './core.js'
import { fail, ok } from './envelope.js'
import { utf8Length } from './web-bytes.js'
import { HttpInputError } from './errors.js'
import { extractAccessToken, extractRefreshToken } from './extract.js'
import { checkCsrf } from './csrf.js'
import { userFromClaims } from './request-session.js'
import type { HttpRequestView } from './request.js'
import type { HttpResponse } from './respond.js'

/** Seed 004's refresh data, tokens omitted when they travel in cookies. */
function refreshData(r: Refreshed) {
  const t: TokenSet = r.tokens
  const expiresIn = t.expiresIn * 1000
  const base = { expiresIn, sessionId: t.sessionId, expiresAt: new Date(t.accessTokenExpiresAt).toISOString() }
  return r.viaCookie ? base : { accessToken: t.accessToken, refreshToken: t.refreshToken, ...base }
}

/** An access token from the JSON body field `accessToken`, else from the configured sources. */
function accessTokenOf<D>(core: HttpCore<D>, view: HttpRequestView) {
  const body = view.body as Record<string, unknown> | undefined
  const field = body?.accessToken
  if (field !== undefined && field !== null) {
    if (typeof field !== 'string' || field.trim() === '') {
      throw new HttpInputError('BAD_REQUEST', '"accessToken" must be a non-empty string')
    }
    return { token: field.trim(), source: 'body' as const }
  }
  const found = extractAccessToken(view, core.config)
  if (found?.source === 'cookie') checkCsrf(view, core.config.csrf, core.config.cookies)
  return found
}

async function refreshRoute<D>(core: HttpCore<D>, view: HttpRequestView): Promise<HttpResponse> {
  const r = await core.rotate(view)
  return ok('Token refreshed successfully', refreshData(r), r.headers)
}

async function validateRoute<D>(core: HttpCore<D>, view: HttpRequestView): Promise<HttpResponse> {
  const found = accessTokenOf(core, view)
  if (found === undefined) throw new TokenMissingError()
  const v = await core.sessions.validate(found.token)
  return ok('Token validated successfully', {
    isValid: v.isValid,
    isExpired: v.isExpired,
    needsRefresh: v.needsRefresh,
    expiresAt: v.expiresAt === null ? null : new Date(v.expiresAt).toISOString(),
    timeUntilExpiry: v.timeUntilExpiry,
    userId: v.userId,
  })
}

async function autoRefreshRoute<D>(core: HttpCore<D>, view: HttpRequestView): Promise<HttpResponse> {
  const access = accessTokenOf(core, view)
  if (access !== undefined) {
    const v = await core.sessions.validate(access.token)
    if (v.isValid && !v.needsRefresh && v.expiresAt !== null) {
      return ok('Token is still valid', {
        refreshed: false,
        expiresIn: v.timeUntilExpiry,
        expiresAt: new Date(v.expiresAt).toISOString(),
      })
    }
  }
  const refresh = extractRefreshToken(view, core.config)
  if (refresh === undefined) throw new TokenMissingError('No refresh token was sent')
  const r = await core.rotate(view, refresh)
  return ok('Token refreshed successfully', { refreshed: true, ...refreshData(r) }, r.headers)
}

async function statsRoute<D>(core: HttpCore<D>, view: HttpRequestView, target: string, request: unknown) {
  const auth = await core.requireAuth(view)
  const user = userFromClaims(auth.context.userId, auth.context.claims)
  if (target !== user.id) {
    const allowed =
      (await core.config.authorize?.({ action: 'session-stats', user, targetUserId: target, request })) ?? false
    if (!allowed) throw new ForbiddenError('You may only read your own session statistics')
    if (target === '' || utf8Length(target) > 512) throw new NotFoundError('No such user')
  }
  const s = await core.sessions.stats(target)
  return ok('Session statistics retrieved successfully', {
    userId: target,
    activeSessions: s.activeSessions,
    oldestSessionCreatedAt: s.oldestSessionCreatedAt ?? null,
    newestSessionCreatedAt: s.newestSessionCreatedAt ?? null,
    lastActiveAt: s.lastActiveAt ?? null,
  })
}

async function healthRoute<D>(core: HttpCore<D>, view: HttpRequestView, request: unknown) {
  const h = await core.sessions.health()
  let details = false
  try {
    const auth = await core.authenticate(view)
    if (auth !== undefined) {
      const user = userFromClaims(auth.context.userId, auth.context.claims)
      details = (await core.config.authorize?.({ action: 'health', user, request })) ?? true
    }
  } catch {
    // Health is polled by load balancers: a bad token only means "no details".
  }
  const data = { status: h.ok ? 'ok' : 'unavailable', ...(details ? { store: h.store, latencyMs: h.latencyMs } : {}) }
  if (h.ok) return ok('Session store is healthy', data)
  const r = fail({ code: 'STORE_UNAVAILABLE', status: 503, message: 'The session store is unavailable' })
  return { ...r, body: { ...r.body, data } }
}

async function logoutRoute<D>(core: HttpCore<D>, view: HttpRequestView): Promise<HttpResponse> {
  const r = await core.logout(view)
  return ok('Logged out', undefined, r.headers)
}

async function listRoute<D>(core: HttpCore<D>, view: HttpRequestView): Promise<HttpResponse> {
  const auth = await core.requireAuth(view)
  const list = await core.sessions.list(auth.context.userId)
  const sessions = list.map((s) => ({
    sessionId: s.sessionId,
    createdAt: s.createdAt,
    lastActiveAt: s.lastActiveAt,
    expiresAt: s.expiresAt,
    meta: s.meta,
    current: s.sessionId === auth.context.sessionId,
  }))
  return ok('Sessions retrieved successfully', { sessions })
}

async function deleteRoute<D>(core: HttpCore<D>, view: HttpRequestView, id: string): Promise<HttpResponse> {
  const auth = await core.requireAuth(view)
  // Looked up in the caller's own list: another user's id is indistinguishable from a missing one.
  const list = await core.sessions.list(auth.context.userId)
  if (!list.some((s) => s.sessionId === id)) throw new NotFoundError('No such session')
  await core.sessions.revoke(id)
  const current = id === auth.context.sessionId
  return ok('Session revoked', { sessionId: id, current }, current ? core.clearing(auth) : {})
}

/** One endpoint, bound to its path parameters: runs on a view whose body (for POST) has been read. */
export type TokenRoute = <D>(core: HttpCore<D>, view: HttpRequestView, request: unknown) => Promise<HttpResponse>

/**
 * The endpoint for `method` and `path` (relative to where the routes are mounted, a trailing slash
 * ignored), or undefined when none matches (the adapter passes the request on). Matching never
 * reads the body, so an adapter reads it only for a request it serves.
 *
 * @example
 * ```ts
 * const route = matchTokenRoute('POST', '/validate')
 * if (route) send(await route(core, view, req))
 * ```
 */
export function matchTokenRoute(method: string, path: string): TokenRoute | undefined {
  const p = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path
  const m = method
  if (m === 'POST' && p === '/refresh') return (core, view) => refreshRoute(core, view)
  if (m === 'POST' && p === '/validate') return (core, view) => validateRoute(core, view)
  if (m === 'POST' && p === '/auto-refresh') return (core, view) => autoRefreshRoute(core, view)
  // Here as well as wherever the app mounts `logout`: the refresh cookie is only sent to this path.
  if (m === 'POST' && p === '/logout') return (core, view) => logoutRoute(core, view)
  if ((m === 'GET' || m === 'HEAD') && p === '/health') return (core, view, request) => healthRoute(core, view, request)
  if ((m === 'GET' || m === 'HEAD') && p === '/sessions') return (core, view) => listRoute(core, view)
  const stats = /^\/session-stats\/([^/]+)$/.exec(p)
  if ((m === 'GET' || m === 'HEAD') && stats?.[1] !== undefined) {
    const target = decodeParam(stats[1])
    return (core, view, request) => statsRoute(core, view, target, request)
  }
  const del = /^\/sessions\/([^/]+)$/.exec(p)
  if (m === 'DELETE' && del?.[1] !== undefined) {
    const id = decodeParam(del[1])
    return (core, view) => deleteRoute(core, view, id)
  }
  return undefined
}

function decodeParam(raw: string): string {
  try {
    return decodeURIComponent(raw)
  } catch {
    return raw
  }
}
