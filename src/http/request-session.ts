/**
 * The request session (seed 002's `req.jwtSession` API, promise-based): what `auth` puts on the
 * request. Data lives server-side; the JWT carries only claims.
 */
import { RESERVED_CLAIMS as RESERVED } from '../sessions/reserved-claims.js'
import type { JWTPayload, SessionContext, Sessions } from '../sessions/types.js'

/** The authenticated user: `{ id, ...publicClaims }` (reserved JWT claims removed). */
export interface AuthUser {
  id: string
  [claim: string]: unknown
}

/**
 * `{ id: userId, ...publicClaims }`.
 *
 * @example
 * ```ts
 * userFromClaims('u1', { sub: 'u1', role: 'admin', ... }) // { id: 'u1', role: 'admin' }
 * ```
 */
export function userFromClaims(userId: string, claims: JWTPayload): AuthUser {
  const user: AuthUser = { id: userId }
  for (const k in claims) if (!RESERVED.has(k)) user[k] = claims[k]
  user.id = userId
  return user
}

/** What `toJSON()` returns: no token material. */
export interface RequestSessionJSON<D> {
  id: string
  userId: string
  claims: JWTPayload
  data: D
  expiresAt: number
}

/**
 * One request's view of its session.
 *
 * @example
 * ```ts
 * req.session.data = { ...req.session.data, theme: 'dark' }
 * await req.session.update()
 * ```
 */
export class RequestSession<D = unknown> {
  /** Session id. */
  readonly id: string
  readonly userId: string
  /** Verified JWT claims. */
  readonly claims: JWTPayload
  /** The raw access token this request was authenticated with. */
  readonly jwt: string
  /** Access token expiry, epoch ms. */
  readonly expiresAt: number
  /** Server-side session data; change it and call `update()` to save. */
  data: D
  readonly #sessions: Sessions<D>

  constructor(sessions: Sessions<D>, context: SessionContext<D>, jwt: string) {
    this.#sessions = sessions
    this.id = context.sessionId
    this.userId = context.userId
    this.claims = context.claims
    this.data = context.data
    this.expiresAt = context.expiresAt
    this.jwt = jwt
  }

  /** Saves `data` (or the given data, which replaces it). False when the session is gone. */
  async update(data?: D): Promise<boolean> {
    if (data !== undefined) this.data = data
    return this.#sessions.update(this.id, this.data)
  }

  /** Re-reads the data from the store. False (data unchanged) when the session is gone. */
  async reload(): Promise<boolean> {
    const fresh = await this.#sessions.get(this.id)
    if (fresh === null) return false
    this.data = fresh.data as D
    return true
  }

  /** Extends the session's idle window. False when the session is gone. */
  async touch(): Promise<boolean> {
    return this.#sessions.touch(this.id)
  }

  /** Ends the session (the access token stops working at once). False when it was already gone. */
  async destroy(): Promise<boolean> {
    return this.#sessions.revoke(this.id)
  }

  /** A JSON view without the token. */
  toJSON(): RequestSessionJSON<D> {
    return {
      id: this.id,
      userId: this.userId,
      claims: this.claims,
      data: this.data,
      expiresAt: this.expiresAt,
    }
  }
}
