/**
 * The store contract, in three parts a store author implements:
 *
 * - {@link SessionBackend}: the sessions of one engine, with its {@link Lifetimes} bound once
 *   (by {@link SessionStore.sessions}); required.
 * - {@link RateLimitStore}: rate-limit buckets (`hit`, `refundHit`, `resetBucket`); required.
 * - {@link AdminStore}: store-wide counts (`countAll`) for `stats()` without a user; optional.
 *
 * A store keeps sessions grouped by user, each addressed by `(userId, key)` where `key` is the
 * random part of the session id. Every method is one atomic operation (one Lua script or one
 * single-key command on Redis), takes the caller's clock as `now` (epoch ms) so that expiry is
 * decided by one clock, and rejects with StoreUnavailableError when the backend does not answer.
 * `docs/stores.md` describes the contract; `jwt-sessions/testing` checks it.
 */

/** A session as stored. Times are epoch milliseconds. */
export interface StoredSession {
  /** The random part of the session id (16 base64url characters). */
  key: string
  /** When the session was created (the `now` of `create`). */
  createdAt: number
  /** Last refresh or touch; the idle window runs from here. */
  lastActiveAt: number
  /** The absolute end: nothing extends a session past it. */
  absoluteExpiresAt: number
  /** Number of rotations so far. */
  generation: number
  /** Hash of the current refresh secret (base64url). */
  refreshHash: string
}

/** Lifetimes a store needs to decide expiry, given once per engine through {@link SessionStore.sessions}. */
export interface Lifetimes {
  /** Idle window in ms, extended by refresh and touch: a session ends at `min(lastActiveAt + idleTtlMs, absoluteExpiresAt)`. */
  idleTtlMs: number
  /** How long (ms) the most recently retired refresh token still gets the same successor. */
  graceMs: number
}

/** What {@link SessionBackend.create} writes. JSON fields are opaque strings to the store. */
export interface CreateInput {
  userId: string
  /** The new session's key; the store never makes one up. */
  key: string
  /** Hash of the first refresh secret. */
  refreshHash: string
  /** Creation time (epoch ms): `createdAt` and `lastActiveAt` of the new session. */
  now: number
  /** The absolute end of the session (epoch ms). */
  absoluteExpiresAt: number
  /** Live sessions the user may have; past it the oldest logins are evicted. `Infinity` for no limit. */
  maxSessions: number
  /** Session data (JSON), when given. */
  data?: string | undefined
  /** Device meta `{ ip?, userAgent? }` (JSON), when given. */
  meta?: string | undefined
  /** Custom access-token claims (JSON), kept for every token the session issues. */
  claims?: string | undefined
}

/** What `verify` needs back: the session is live, and its data. Nothing else crosses the wire on the hot path. */
export interface VerifyResult {
  /** The session data (JSON), or null when it has none. */
  data: string | null
  /** The session is live but was refreshed past the generation `verify` was asked to check. */
  superseded?: boolean
}

/** What {@link SessionBackend.rotate} exchanges: the presented refresh token for its successor. */
export interface RotateInput {
  userId: string
  key: string
  /** Hash of the refresh secret presented by the caller. */
  presentedHash: string
  /** Hash of the successor's secret, stored when the presented one is current. */
  newHash: string
  /** The rotation time (epoch ms): the new `lastActiveAt`. */
  now: number
  /** Opaque ciphertext of the successor, readable only with the presented token; kept for the grace. */
  graceBlob: string
  /** New meta JSON to record on rotation (device moved, say); undefined keeps it. */
  meta?: string | undefined
}

/**
 * The outcome of a rotation: `rotated` (the presented token was current), `grace` (it is the most
 * recently retired one and the grace has not passed: the stored successor is returned, nothing
 * is written), `reused` (anything older: the session has been deleted), `missing` (no live session).
 */
export type RotateResult =
  | { kind: 'rotated'; session: StoredSession; claims: string | null }
  | {
      kind: 'grace'
      session: StoredSession
      claims: string | null
      graceBlob: string
      /** When the grace successor was made (the rotation time). */
      rotatedAt: number
    }
  | { kind: 'reused'; reason: 'retired-token' | 'grace-expired' }
  | { kind: 'missing' }

/** A live session as {@link SessionBackend.list} returns it: no data, no token material beyond the hash. */
export interface ListedSession extends StoredSession {
  /** Device meta (JSON), or null. */
  meta: string | null
}

/** A live session as {@link SessionBackend.get} returns it. */
export interface GetResult extends ListedSession {
  /** The session data (JSON), or null. */
  data: string | null
}

/** A sliding-window rate-limit decision (see `docs/rate-limiting.md`). */
export interface RateLimitDecision {
  allowed: boolean
  /** Requests left in the current window after this one. */
  remaining: number
  /** Ms until a request would be admitted again (0 when allowed). */
  retryAfterMs: number
  /** Ms until the window fully resets. */
  resetMs: number
}

/**
 * The sessions of one engine. Every method decides expiry from `now` and the lifetimes bound by
 * {@link SessionStore.sessions}; an expired session behaves as a missing one everywhere.
 */
export interface SessionBackend {
  /** Writes a new session; prunes the user's expired sessions; evicts the oldest logins past `maxSessions` (in login order, also within one millisecond). */
  create(input: CreateInput): Promise<{ evicted: string[] }>
  /**
   * Reads a live session and its data; extends the idle window only when the last touch is at least
   * `touchAfterMs` old. With `generation`, a session whose generation differs answers
   * `{ superseded: true }` (no touch) in the same atomic step.
   */
  verify(
    userId: string,
    key: string,
    now: number,
    touchAfterMs: number,
    generation?: number,
  ): Promise<VerifyResult | null>
  /** Rotates the refresh secret, answers a repeat within the grace, or deletes the session on reuse. */
  rotate(input: RotateInput): Promise<RotateResult>
  /** Deletes one session; false when there was no live one. */
  revoke(userId: string, key: string, now: number): Promise<boolean>
  /** Deletes every session of a user except `exceptKey`; resolves to the live keys deleted. */
  revokeAll(userId: string, exceptKey: string | undefined, now: number): Promise<string[]>
  /** Live sessions of a user, oldest login first. */
  list(userId: string, now: number): Promise<ListedSession[]>
  /** One live session with its data and meta, or null. No write. */
  get(userId: string, key: string, now: number): Promise<GetResult | null>
  /** Replaces the data of a live session (`null` clears it); false when it is gone. */
  update(userId: string, key: string, data: string | null, now: number): Promise<boolean>
  /** Extends the idle window of a live session; false when it is gone. */
  touch(userId: string, key: string, now: number): Promise<boolean>
}

/** Optional: store-wide counts for `stats()` without a user id. */
export interface AdminStore {
  /**
   * Admin only, never on a request path: counts live sessions and users across the whole store
   * (SCAN on Redis, master by master on a cluster). Cost grows with the number of users.
   */
  countAll(now: number): Promise<{ sessions: number; users: number }>
}

/** Rate-limit buckets, exact under concurrency (the small backend rate-limiter-flexible's stores have). */
export interface RateLimitStore {
  /**
   * Counts one hit against `bucket` and decides: at most `limit` hits per `windowMs`; once over,
   * refused for `blockMs` (when larger than what the window implies).
   */
  hit(bucket: string, limit: number, windowMs: number, blockMs: number, now: number): Promise<RateLimitDecision>
  /**
   * Takes back one admitted hit made at `hitAt` (the skip options and the login guard count first and
   * refund when the outcome says so). False when there was no such hit.
   */
  refundHit(bucket: string, hitAt: number): Promise<boolean>
  /** Forgets a rate-limit bucket (after a successful login, say). */
  resetBucket(bucket: string): Promise<void>
}

/** What `createSessions({ store })` takes: sessions per engine, rate limits, health and shutdown. */
export interface SessionStore extends RateLimitStore {
  /** A short name for logs and health output, like `redis` or `memory`. */
  readonly kind: string
  /**
   * The sessions of an engine with these lifetimes; `createSessions` calls it once. Several
   * engines may share one store, each with its own lifetimes.
   */
  sessions(life: Lifetimes): SessionBackend & Partial<AdminStore>
  /** Round-trip check for health endpoints; resolves to latency in ms. */
  ping(): Promise<number>
  /** Closes connections the store opened itself; never a client the caller passed in. */
  close(): Promise<void>
  /**
   * Optional: what `createSessions({ localCache })` needs from this store (docs/local-cache.md).
   * Throws ConfigError when this store's connection cannot carry invalidations.
   */
  localCache?(options: { heartbeatMs: number }): LocalCacheSupport
}

/** A session as `verifyRecord` reads it: the record (after any touch) and its data. */
export interface VerifiedRecord {
  session: StoredSession
  data: string | null
}

/**
 * A feed of invalidations pushed by the backend: every change to a user's sessions, by anyone,
 * names the user's key. `live` is true only while every connection that carries them is confirmed
 * up; whenever that stops being true `reset` fires (the cache must forget everything).
 */
export interface InvalidationFeed {
  readonly live: boolean
  /** Starts connecting (idempotent; nothing connects before the first call). */
  start(): void
  /** `key(k)` for a changed user key, `reset()` for a flush or a lost channel. */
  listen(listener: { key(k: string): void; reset(): void }): void
  close(): Promise<void>
}

/**
 * The arguments of a verify that is given the lifetimes on each call (a store's own methods, before
 * {@link SessionStore.sessions} binds them): those of {@link SessionBackend.verify} plus `life`.
 */
export type LifetimeVerifyArgs = [
  userId: string,
  key: string,
  now: number,
  touchAfterMs: number,
  life: Lifetimes,
  generation?: number,
]

/** The optional store capability behind the local session cache. */
export interface LocalCacheSupport {
  feed: InvalidationFeed
  /** The key whose invalidations cover `userId`'s sessions. */
  userKey(userId: string): string
  /** `verify` that also answers the record, so that a cached copy can check expiry and generation itself. */
  verifyRecord(...args: LifetimeVerifyArgs): Promise<VerifiedRecord | null>
}
