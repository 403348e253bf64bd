/**
 * The seed's token functions over the core engine. Each initialises the layer on first use and
 * throws the seed's error classes (`TokenError`, `ValidationError`, `AuthError`, `RedisError`).
 */
import { randomUUID } from 'node:crypto'
import type { SessionContext, TokenSet } from '../../sessions/types.js'
import { AuthError, toCompatError, TokenError, ValidationError } from './errors.js'
import { config, sessions, type StoredData } from './state.js'
import { tokenData, userIdentifier } from './token-data.js'

/** What `generateToken` and `refreshToken` resolve to. `expiresIn` is the configured expiry, as the seed returned it. */
export interface TokenResponse {
  accessToken: string
  refreshToken: string
  expiresIn: string | number
  tokenType: 'Bearer'
}

/** A session as `verifyToken` and `getUserSessions` show it. Times are ISO strings, `refreshExpiresAt` Unix seconds. */
export interface SessionData {
  sessionId: string
  createdAt: string
  lastActivity: string
  refreshExpiresAt?: number
  [field: string]: unknown
}

/** What `verifyToken` resolves to. */
export interface VerifyTokenResult {
  valid: true
  /** The user fields given to `generateToken` (no JWT internals). */
  decoded: Record<string, unknown>
  session: SessionData
}

/** A request, for the device facts kept with a session (`ip`, `user-agent`). */
export interface RequestLike {
  headers?: Record<string, string | string[] | undefined>
  ip?: string
  socket?: { remoteAddress?: string }
}

const reply = (t: TokenSet): TokenResponse => ({
  accessToken: t.accessToken,
  refreshToken: t.refreshToken,
  expiresIn: config.jwt.accessTokenExpiry,
  tokenType: 'Bearer',
})

function meta(req: RequestLike | null | undefined) {
  if (!req) return undefined
  const ua = req.headers?.['user-agent']
  const ip = req.ip ?? req.socket?.remoteAddress
  return { ...(ip ? { ip } : {}), ...(typeof ua === 'string' ? { userAgent: ua.slice(0, 256) } : {}) }
}

function requireToken(token: unknown, label = 'Token'): asserts token is string {
  if (typeof token !== 'string' || !token) throw new TokenError(`${label} must be a non-empty string`)
}

async function call<T>(work: () => Promise<T>, kind: 'access' | 'refresh' = 'access'): Promise<T> {
  try {
    return await work()
  } catch (err) {
    throw toCompatError(err, kind)
  }
}

/** Turns a verified context into the seed's `{ valid, decoded, session }`. */
export function verifyResult(ctx: SessionContext<StoredData>): VerifyTokenResult {
  const user = ctx.data?.user ?? {}
  return {
    valid: true,
    decoded: { ...user },
    session: {
      ...user,
      sessionId: ctx.sessionId,
      createdAt: ctx.data?.createdAt ?? '',
      lastActivity: new Date().toISOString(),
    },
  }
}

/**
 * Starts a session for `data` (allow-listed fields) and returns its token pair. The session belongs
 * to `data.userId`, else `data.id`, else `data.email` (what `revokeAllUserTokens` takes).
 * @example const { accessToken, refreshToken } = await generateToken({ userId: 'user123', email: 'a@b.c' })
 */
export async function generateToken(
  data?: Record<string, unknown> | null,
  req?: RequestLike | null,
): Promise<TokenResponse> {
  const s = sessions()
  const user = tokenData(data, config.security.allowedTokenFields)
  const userId = userIdentifier(user) ?? `anonymous:${randomUUID()}`
  const m = meta(req)
  const set = await call(() =>
    s.create(userId, { data: { user, createdAt: new Date().toISOString() }, claims: user, ...(m ? { meta: m } : {}) }),
  )
  return reply(set)
}

/**
 * Verifies an access token and its session (one Redis round trip).
 * @throws TokenError (401) for a missing, bad, expired or revoked token; RedisError (503) when Redis is down.
 * @example const { decoded, session } = await verifyToken(accessToken)
 */
export async function verifyToken(token: string, _req?: RequestLike | null): Promise<VerifyTokenResult> {
  const s = sessions()
  requireToken(token)
  return verifyResult(await call(() => s.verify(token)))
}

/** Verifies and also returns the core context (the middleware needs the user id). */
export async function verifyWithContext(
  token: string,
): Promise<{ result: VerifyTokenResult; ctx: SessionContext<StoredData> }> {
  const s = sessions()
  requireToken(token)
  const ctx = await call(() => s.verify(token))
  return { result: verifyResult(ctx), ctx }
}

/**
 * Rotates a refresh token into a new pair. Presenting an already rotated refresh token again (after
 * a 10 s grace for concurrent tabs) revokes the whole session.
 * @example const tokens = await refreshToken(oldRefreshToken)
 */
export async function refreshToken(token: string, req?: RequestLike | null): Promise<TokenResponse> {
  const s = sessions()
  requireToken(token, 'Refresh token')
  const m = meta(req)
  return reply(await call(() => s.refresh(token, m ? { meta: m } : {}), 'refresh'))
}

/**
 * Ends the session of `token`: an access token (even an expired one), a refresh token or a session id.
 * @example await revokeToken(accessToken) // { success: true, message: 'Token revoked successfully' }
 */
export async function revokeToken(token: string): Promise<{ success: true; message: string }> {
  const s = sessions()
  requireToken(token)
  const ended = await call(() => s.revoke(token))
  return { success: true, message: ended ? 'Token revoked successfully' : 'Token already invalid' }
}

/**
 * True when `token` is correctly signed but its session has been revoked (or has ended). A token
 * that was never valid is not "blacklisted", as in the seed.
 */
export async function isTokenBlacklisted(token: string): Promise<boolean> {
  const s = sessions()
  requireToken(token)
  const r = await call(() => s.validate(token))
  return r.code === 'SESSION_REVOKED'
}

function requireUser(id: unknown): asserts id is string {
  if (typeof id !== 'string' || !id) throw new ValidationError('User identifier must be a non-empty string')
}

/**
 * The user's live sessions (every one, however it was created).
 * @example const sessions = await getUserSessions('user123')
 */
export async function getUserSessions(userIdentifier: string): Promise<SessionData[]> {
  const s = sessions()
  requireUser(userIdentifier)
  try {
    const list = await s.list(userIdentifier)
    const full = await Promise.all(list.map((i) => s.get(i.sessionId)))
    return full.flatMap((g) =>
      g
        ? [
            {
              ...(g.data?.user ?? {}),
              sessionId: g.sessionId,
              refreshExpiresAt: Math.floor(g.expiresAt / 1000),
              createdAt: new Date(g.createdAt).toISOString(),
              lastActivity: new Date(g.lastActiveAt).toISOString(),
            },
          ]
        : [],
    )
  } catch (err) {
    const e = toCompatError(err)
    throw e.name === 'RedisError' ? e : new AuthError(`Failed to get user sessions: ${e.message}`)
  }
}

/**
 * Ends every session of a user in one atomic step.
 * @example await revokeAllUserTokens('user123') // { success: true, message: 'Revoked 2 sessions for user user123' }
 */
export async function revokeAllUserTokens(userIdentifier: string): Promise<{ success: true; message: string }> {
  const s = sessions()
  requireUser(userIdentifier)
  const n = await call(() => s.revokeAll(userIdentifier))
  return { success: true, message: `Revoked ${n} sessions for user ${userIdentifier}` }
}
