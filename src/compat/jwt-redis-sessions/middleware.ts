/**
 * The seed's Express middleware and handlers: `auth`, `optionalAuth`, `rateLimit(max, windowMs)`,
 * `logout`, `logoutAll`, `refresh`. Errors answer with the seed's body `{ status: code, message }`
 * plus the contract's `error: { code, message }`, `WWW-Authenticate` on 401 and `Retry-After` on
 * 429/503. Works with Express 4 and 5, with or without `express.json()`.
 */
import { createHash } from 'node:crypto'
import { TokenMissingError } from '../../errors/index.js'
import { readJsonBody } from '../../http/body.js'
import { extractAccessToken } from '../../http/extract.js'
import { resolveHttpOptions } from '../../http/options.js'
import { errorResponse } from '../../http/respond.js'
import type { SessionContext } from '../../sessions/types.js'
import { sendJson, type ConnectResponse } from '../connect-response.js'
import { toCompatError, type TokenError, ValidationError } from './errors.js'
import { sessions, type StoredData } from './state.js'
import { refreshToken, revokeToken, verifyWithContext, type RequestLike, type VerifyTokenResult } from './tokens.js'

/** The parts of a request these middleware read and write. */
export interface CompatRequest extends RequestLike {
  headers: Record<string, string | string[] | undefined>
  body?: unknown
  auth?: VerifyTokenResult & { token: string }
  user?: unknown
  session?: unknown
  on?(event: string, fn: (...a: unknown[]) => void): unknown
  readable?: boolean
}
/** The parts of a response these middleware use: any Connect-like response (headers only when it takes them). */
export type CompatResponse = ConnectResponse
export type Next = (err?: unknown) => void
export type Middleware = (req: CompatRequest, res: CompatResponse, next: Next) => Promise<void>

const contexts = new WeakMap<object, SessionContext<StoredData>>()

/** Writes an error the way the seed did (`{ status: code, message }`), with the contract's fields and headers added. */
export function sendError(res: CompatResponse, err: unknown): void {
  const e = toCompatError(err) as Error & { statusCode?: number; code?: string; reason?: string; cause?: unknown }
  const status = e.statusCode ?? 500
  const code = e.code ?? 'AUTH_ERROR'
  // Never leak internals of unexpected errors (the seed sent the stack in development).
  const message = status >= 500 && status !== 503 ? 'Internal error' : e.message
  // WWW-Authenticate, Retry-After and Cache-Control as the core answers the same condition.
  const core = errorResponse(e.cause)
  const headers = core.status === status ? core.headers : { 'cache-control': 'no-store' }
  sendJson(res, status, headers, { status: code, message, error: { code: e.reason ?? code, message } })
}

function missing(message = 'Authorization header not found'): TokenError {
  const e = toCompatError(new TokenMissingError()) as TokenError
  e.message = message
  return e
}

// The core's header parsing (one copy): `Authorization: Bearer <token>` only.
const HEADER_ONLY = resolveHttpOptions({ tokenFrom: ['header'] })

/** 3.0.1's wording for a header the parser refused, by its rules (`split(' ')`). */
function refusal(h: string): string {
  const parts = h.split(' ')
  if (parts.length < 2) return 'Invalid authorization header format'
  if (parts[0] !== 'Bearer') return 'Authorization header must use Bearer scheme'
  if (!parts[1]?.trim()) return 'Token not provided in authorization header'
  return 'Invalid authorization header format'
}

/**
 * The bearer token of the request, undefined when none. A header that is there but not
 * `Bearer <token>` is 3.0.1's 400 `VALIDATION_ERROR`, with its messages.
 */
function bearer(req: CompatRequest): string | undefined {
  const h = req.headers['authorization']
  if (h === undefined || h === '') return undefined
  if (typeof h !== 'string') throw new ValidationError('Invalid authorization header structure')
  let found: { token: string } | undefined
  try {
    found = extractAccessToken({ method: 'GET', url: '/', headers: { authorization: h } }, HEADER_ONLY)
  } catch {
    found = undefined
  }
  if (!found) throw new ValidationError(refusal(h))
  return found.token
}

async function authenticate(req: CompatRequest, token: string): Promise<void> {
  const { result, ctx } = await verifyWithContext(token)
  req.auth = { token, ...result }
  req.user = result.decoded
  req.session = result.session
  contexts.set(req, ctx)
}

/**
 * Requires a valid access token (`Authorization: Bearer <token>`); sets `req.user` (the fields given
 * to `generateToken`), `req.session` (the session) and `req.auth` (`{ token, valid, decoded, session }`, as 3.x).
 * @example app.get('/profile', auth, (req, res) => res.json({ user: req.user, session: req.session }))
 */
export const auth: Middleware = async (req, res, next) => {
  try {
    const token = bearer(req)
    if (!token) throw missing()
    await authenticate(req, token)
  } catch (err) {
    return sendError(res, err)
  }
  next()
}

/**
 * Like `auth`, but a request without a token passes with `req.user` undefined. A token that is sent
 * and refused still answers 401, so a client learns that it must refresh.
 */
export const optionalAuth: Middleware = async (req, res, next) => {
  try {
    const token = bearer(req)
    if (token) await authenticate(req, token)
  } catch (err) {
    return sendError(res, err)
  }
  next()
}

/**
 * At most `maxAttempts` requests per client IP per `windowMs` (default 5 per 15 minutes), counted
 * in Redis; the 429 body is the seed's `{ status: 'TOO_MANY_REQUESTS', message }`.
 * @example app.post('/login', rateLimit(5, 15 * 60 * 1000), loginHandler)
 */
export function rateLimit(maxAttempts = 5, windowMs = 15 * 60 * 1000): Middleware {
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1 || !Number.isFinite(windowMs) || windowMs < 1) {
    throw new TypeError('rateLimit requires a positive maxAttempts and windowMs')
  }
  const scope = `jrs:${maxAttempts}:${windowMs}:`
  return async (req, res, next) => {
    try {
      const ip = req.ip ?? req.socket?.remoteAddress ?? 'unknown'
      const bucket = scope + createHash('sha256').update(ip).digest('base64url')
      const d = await sessions().store.hit(bucket, maxAttempts, windowMs, 0, Date.now())
      if (!d.allowed) {
        const retryAfter = Math.max(1, Math.ceil(d.retryAfterMs / 1000))
        sendJson(
          res,
          429,
          { 'retry-after': String(retryAfter), 'cache-control': 'no-store' },
          {
            status: 'TOO_MANY_REQUESTS',
            message: `Too many attempts. Please try again in ${retryAfter} seconds`,
            error: { code: 'RATE_LIMITED', message: 'Too many requests' },
          },
        )
        return
      }
    } catch (err) {
      return sendError(res, err)
    }
    next()
  }
}

/** `req.body`, or the JSON body read here (the core's reader, at most 16 KB) when no body parser ran. */
async function body(req: CompatRequest): Promise<Record<string, unknown>> {
  if (req.body && typeof req.body === 'object') return req.body as Record<string, unknown>
  const stream = req as unknown as AsyncIterable<Uint8Array> & { readable?: boolean }
  // As 3.x: only a JSON body is read (a form post to /logout has no refreshToken to find).
  const type = req.headers['content-type']
  if (
    typeof type !== 'string' ||
    !type.includes('json') ||
    typeof stream[Symbol.asyncIterator] !== 'function' ||
    stream.readable === false
  )
    return {}
  try {
    const parsed = (await readJsonBody(stream, req.headers, 16 * 1024)) ?? {}
    req.body = parsed
    return parsed
  } catch (err) {
    const e = err as { status?: number; message?: string }
    throw new ValidationError(e.message ?? 'Request body is not valid JSON', e.status === 413 ? 413 : 400)
  }
}

/**
 * Ends the current session, whatever token identifies it: after `auth` the verified session; alone,
 * the bearer token (access or refresh, even expired) and/or `{ refreshToken }` in the body.
 * @example app.post('/logout', auth, logout)
 */
export const logout: Middleware = async (req, res) => {
  try {
    const ctx = contexts.get(req)
    const targets = new Set<string>()
    if (ctx) targets.add(ctx.sessionId)
    else {
      const token = bearer(req)
      if (token) targets.add(token)
    }
    const b = await body(req)
    if (typeof b['refreshToken'] === 'string' && b['refreshToken']) targets.add(b['refreshToken'])
    if (targets.size === 0) throw missing('Token required')
    for (const t of targets) await revokeToken(t)
    sendJson(res, 200, {}, { success: true, message: 'Logged out successfully' })
  } catch (err) {
    sendError(res, err)
  }
}

/**
 * Ends every session of the authenticated user (use after `auth`; alone it verifies the bearer token).
 * @example app.post('/logout-all', auth, logoutAll)
 */
export const logoutAll: Middleware = async (req, res) => {
  try {
    if (!contexts.has(req)) {
      const token = bearer(req)
      if (!token) throw missing()
      await authenticate(req, token)
    }
    const userId = (contexts.get(req) as SessionContext<StoredData>).userId
    const n = await sessions().revokeAll(userId)
    sendJson(res, 200, {}, { success: true, message: `Revoked ${n} sessions for user ${userId}`, data: { revoked: n } })
  } catch (err) {
    sendError(res, err)
  }
}

/**
 * Rotates the refresh token sent as `{ refreshToken }` in the body (or as the bearer token, as the
 * 3.x README does) and answers with the new pair.
 * @example app.post('/refresh', refresh)
 */
export const refresh: Middleware = async (req, res) => {
  try {
    const b = await body(req)
    const token = typeof b['refreshToken'] === 'string' && b['refreshToken'] ? b['refreshToken'] : bearer(req)
    if (!token) throw new ValidationError('Refresh token required')
    sendJson(res, 200, {}, await refreshToken(token, req))
  } catch (err) {
    sendError(res, err)
  }
}
