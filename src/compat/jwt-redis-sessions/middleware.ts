/**
 * The seed's Express middleware and handlers: `auth`, `optionalAuth`, `rateLimit(max, windowMs)`,
 * `logout`, `logoutAll`, `refresh`. Errors answer with the seed's body `{ status: code, message }`
 * plus the contract's `error: { code, message }`, `WWW-Authenticate` on 401 and `Retry-After` on
 * 429/503. Works with Express 4 and 5, with or without `express.json()`.
 */
import { createHash } from 'node:crypto'
import type { SessionContext } from '../../sessions/types.js'
import { toCompatError, TokenError, ValidationError } from './errors.js'
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
/** The parts of a response these middleware use. */
export interface CompatResponse {
  status(code: number): CompatResponse
  json(body: unknown): unknown
  setHeader(name: string, value: string): unknown
  headersSent?: boolean
}
export type Next = (err?: unknown) => void
export type Middleware = (req: CompatRequest, res: CompatResponse, next: Next) => Promise<void>

const contexts = new WeakMap<object, SessionContext<StoredData>>()

/** Writes an error the way the seed did, with the contract's fields added. */
export function sendError(res: CompatResponse, err: unknown): void {
  if (res.headersSent) return
  const e = toCompatError(err) as Error & { statusCode?: number; code?: string; reason?: string; cause?: { retryAfterMs?: number } }
  const status = e.statusCode ?? 500
  const code = e.code ?? 'AUTH_ERROR'
  // Never leak internals of unexpected errors (the seed sent the stack in development).
  const message = status >= 500 && status !== 503 ? 'Internal error' : e.message
  res.setHeader('Cache-Control', 'no-store')
  if (status === 401) res.setHeader('WWW-Authenticate', e.reason === 'TOKEN_MISSING' ? 'Bearer' : 'Bearer error="invalid_token"')
  if (status === 503 || status === 429) res.setHeader('Retry-After', String(Math.max(1, Math.ceil((e.cause?.retryAfterMs ?? 1000) / 1000))))
  res.status(status).json({ status: code, message, error: { code: e.reason ?? code, message } })
}

function missing(message = 'Authorization header not found'): TokenError {
  const e = new TokenError(message)
  e.reason = 'TOKEN_MISSING'
  return e
}

/** The bearer token of the request, undefined when none; a malformed header is a TokenError. */
function bearer(req: CompatRequest): string | undefined {
  const h = req.headers['authorization']
  if (h === undefined || h === '') return undefined
  if (typeof h !== 'string') throw new TokenError('Invalid authorization header structure')
  const m = /^Bearer +(\S+)\s*$/.exec(h)
  if (!m) throw new TokenError('Authorization header must use the Bearer scheme with one token')
  return m[1]
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
        res.setHeader('Retry-After', String(retryAfter))
        res.status(429).json({
          status: 'TOO_MANY_REQUESTS',
          message: `Too many attempts. Please try again in ${retryAfter} seconds`,
          error: { code: 'RATE_LIMITED', message: 'Too many requests' },
        })
        return
      }
    } catch (err) {
      return sendError(res, err)
    }
    next()
  }
}

/** `req.body`, or the JSON body read here when no body parser ran (at most 16 KB). */
async function body(req: CompatRequest): Promise<Record<string, unknown>> {
  if (req.body && typeof req.body === 'object') return req.body as Record<string, unknown>
  const type = req.headers['content-type']
  if (typeof type !== 'string' || !type.includes('json') || !req.on || req.readable === false) return {}
  const raw = await new Promise<string>((resolve, reject) => {
    let size = 0
    const chunks: Buffer[] = []
    req.on!('data', (c: unknown) => {
      const b = c as Buffer
      size += b.length
      if (size > 16 * 1024) reject(new ValidationError('Request body too large', 413))
      else chunks.push(b)
    })
    req.on!('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on!('error', reject)
  })
  try {
    const parsed: unknown = raw ? JSON.parse(raw) : {}
    req.body = parsed
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {}
  } catch {
    throw new ValidationError('Request body is not valid JSON')
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
    res.status(200).json({ success: true, message: 'Logged out successfully' })
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
    let ctx = contexts.get(req)
    if (!ctx) {
      const token = bearer(req)
      if (!token) throw missing()
      await authenticate(req, token)
      ctx = contexts.get(req)
    }
    const n = await sessions().revokeAll(ctx!.userId)
    res.status(200).json({ success: true, message: `Revoked ${n} sessions for user ${ctx!.userId}`, data: { revoked: n } })
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
    res.status(200).json(await refreshToken(token, req))
  } catch (err) {
    sendError(res, err)
  }
}
