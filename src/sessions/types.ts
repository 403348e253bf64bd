/** JWT claims as verified. Reserved claims are always present on a verified access token. */
export interface JWTPayload {
  sub: string
  sid: string
  jti: string
  iat: number
  exp: number
  iss?: string
  aud?: string | string[]
  nbf?: number
  [claim: string]: unknown
}

/** Optional facts about the device, kept for session listing ("your devices"). */
export interface SessionMeta {
  ip?: string
  userAgent?: string
  [key: string]: unknown
}

/** What `create` and `refresh` return. `*At` are epoch milliseconds; `expiresIn` is seconds. */
export interface TokenSet {
  accessToken: string
  refreshToken: string
  tokenType: 'Bearer'
  /** Access token lifetime in seconds (OAuth convention). */
  expiresIn: number
  /** Epoch ms. */
  accessTokenExpiresAt: number
  /** Epoch ms: the end of the idle window, capped by the absolute session lifetime. */
  refreshTokenExpiresAt: number
  sessionId: string
}

/** What `verify` resolves to. */
export interface SessionContext<D = unknown> {
  userId: string
  sessionId: string
  claims: JWTPayload
  /** Server-side session data (`undefined` when none was stored). */
  data: D
  /** Access token expiry, epoch ms. */
  expiresAt: number
}

/** One live session, as listed. No token material. */
export interface SessionInfo {
  sessionId: string
  userId: string
  /** Epoch ms. */
  createdAt: number
  /** Epoch ms, debounced (see `touchInterval`). */
  lastActiveAt: number
  /** Epoch ms: when the session ends if nothing extends it (idle window capped by absolute lifetime). */
  expiresAt: number
  meta: SessionMeta
}

/** What `validate` resolves to; it never throws for a bad token. */
export interface ValidationResult {
  isValid: boolean
  isExpired: boolean
  needsRefresh: boolean
  /** Epoch ms, or null when the token could not be read. */
  expiresAt: number | null
  /** Milliseconds (0 when expired or invalid). */
  timeUntilExpiry: number
  userId: string | null
  /** Error code when not valid. */
  code?: string
}

/** Statistics. */
export interface SessionStats {
  activeSessions: number
  /** Present when asked for one user. */
  userId?: string
  /** Users with at least one live session (store-wide statistics only). */
  users?: number
  oldestSessionCreatedAt?: number | null
  newestSessionCreatedAt?: number | null
  lastActiveAt?: number | null
  /** Counters since this instance started. */
  counters: {
    created: number
    refreshed: number
    revoked: number
    evicted: number
    reuseDetected: number
  }
}

/** What every event payload carries: whose session, and which. */
export interface SessionEventBase {
  /** The session's user. */
  userId: string
  /** The full session id (`<base64url(userId)>.<key>`), as `TokenSet.sessionId` and `list()` give it. */
  sessionId: string
}

/** Payloads of the events emitted by `on(event, fn)`. */
export interface SessionEvents {
  created: SessionEventBase & { meta?: SessionMeta }
  refreshed: SessionEventBase & { generation: number }
  revoked: SessionEventBase & { reason: 'revoke' | 'revokeAll' | 'reuse' }
  evicted: SessionEventBase & { reason: 'maxSessionsPerUser' }
  reuseDetected: SessionEventBase & { reason: 'retired-token' | 'grace-expired' }
}
/** The names `on(event, fn)` accepts: `created`, `refreshed`, `revoked`, `evicted`, `reuseDetected`. */
export type SessionEventName = keyof SessionEvents

/** Options of `create`. */
export interface CreateOptions<D = unknown> {
  /** Server-side session data, returned by `verify` and `get`; never put in the token. */
  data?: D
  /** Extra public claims for the access token. Reserved claims (sub, sid, jti, iat, exp, nbf, iss, aud, typ) are refused. */
  claims?: Record<string, unknown>
  /** Facts about the device for listing. */
  meta?: SessionMeta
}

/** The session engine `createSessions` returns. */
export interface Sessions<D = unknown> {
  /** Starts a session: one round trip. */
  create(userId: string, options?: CreateOptions<D>): Promise<TokenSet>
  /** Verifies an access token and its session: one round trip, usually no write. */
  verify(accessToken: string): Promise<SessionContext<D>>
  /** Like verify, but answers with a status object instead of throwing for a bad token. */
  validate(accessToken: string): Promise<ValidationResult>
  /** Rotates a refresh token into a new pair: one round trip. */
  refresh(refreshToken: string, options?: { meta?: SessionMeta }): Promise<TokenSet>
  /** Ends one session, given its id, an access token or a refresh token. False when there was none. */
  revoke(sessionIdOrToken: string): Promise<boolean>
  /** Ends every session of a user (optionally except one session id): one round trip. Resolves to the number ended. */
  revokeAll(userId: string, options?: { except?: string }): Promise<number>
  /** The user's live sessions, oldest first, without token material. */
  list(userId: string): Promise<SessionInfo[]>
  /** One live session with its data, or null. */
  get(sessionId: string): Promise<(SessionInfo & { data: D | undefined }) | null>
  /** Replaces the session data; false when the session is gone. */
  update(sessionId: string, data: D): Promise<boolean>
  /** Extends the idle window; false when the session is gone. */
  touch(sessionId: string): Promise<boolean>
  /** Statistics for one user, or (admin, scans the store) for all. */
  stats(userId?: string): Promise<SessionStats>
  /** Subscribes to an event; returns an unsubscribe function. */
  on<E extends SessionEventName>(event: E, listener: (payload: SessionEvents[E]) => void): () => void
  /** Public keys as a JWKS (empty for HMAC-only rings). */
  jwks(): { keys: Array<Record<string, unknown>> }
  /** Store reachability and latency. Never throws. */
  health(): Promise<{ ok: boolean; store: string; latencyMs: number | null }>
  /** The resolved, frozen configuration (durations in ms). */
  readonly config: ResolvedSessionsConfig
  /** The store behind this engine (rate limiters share it). */
  readonly store: import('../stores/types.js').SessionStore
  /** Closes connections the library opened. */
  close(): Promise<void>
}

/** Resolved configuration: every duration in milliseconds. */
export interface ResolvedSessionsConfig {
  readonly issuer: string | undefined
  readonly audience: string | undefined
  readonly accessTokenTtlMs: number
  readonly refreshTokenTtlMs: number
  readonly sessionTtlMs: number
  readonly maxSessionsPerUser: number
  readonly refreshReuseGraceMs: number
  readonly clockToleranceMs: number
  readonly refreshThresholdMs: number
  readonly touchIntervalMs: number
  /** Access tokens carry their refresh generation (`gen`); a refresh ends the earlier ones. */
  readonly revokeAccessOnRefresh: boolean
}
