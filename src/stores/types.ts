/**
 * The store contract. A store keeps sessions grouped by user, each addressed by `(userId, key)` where
 * `key` is the random part of the session id. Every method is one atomic operation (one Lua script
 * or one single-key command on Redis), takes the caller's clock as `now` (epoch ms) so that expiry is
 * decided by one clock, and rejects with StoreUnavailableError when the backend does not answer.
 *
 * All methods are required. `docs/stores.md` describes the contract; `test/conformance` checks it.
 */

/** A session as stored. Times are epoch milliseconds. */
export interface StoredSession {
  key: string
  createdAt: number
  lastActiveAt: number
  absoluteExpiresAt: number
  /** Number of rotations so far. */
  generation: number
  /** Hash of the current refresh secret (base64url). */
  refreshHash: string
}

/** Lifetimes the store needs to decide expiry. */
export interface Lifetimes {
  /** Idle window in ms, extended by refresh and touch. */
  idleTtlMs: number
  /** How long the most recently retired refresh token stays acceptable. */
  graceMs: number
}

export interface CreateInput {
  userId: string
  key: string
  refreshHash: string
  now: number
  absoluteExpiresAt: number
  /** Infinity for no limit. */
  maxSessions: number
  data?: string | undefined
  meta?: string | undefined
  claims?: string | undefined
}

/** What `verify` needs back: the session is live, and its data. Nothing else crosses the wire on the hot path. */
export interface VerifyResult {
  data: string | null
  /** The session is live but was refreshed past the generation `verify` was asked to check. */
  superseded?: boolean
}

export interface RotateInput {
  userId: string
  key: string
  presentedHash: string
  newHash: string
  now: number
  /** Opaque ciphertext of the successor, readable only with the presented token. */
  graceBlob: string
  /** New meta JSON to record on rotation (device moved, say); undefined keeps it. */
  meta?: string | undefined
}

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

export interface ListedSession extends StoredSession {
  meta: string | null
}

export interface GetResult extends ListedSession {
  data: string | null
}

/** A fixed-window-free rate limit decision (see `docs/rate-limiting.md`). */
export interface RateLimitDecision {
  allowed: boolean
  /** Requests left in the current window after this one. */
  remaining: number
  /** Ms until a request would be admitted again (0 when allowed). */
  retryAfterMs: number
  /** Ms until the window fully resets. */
  resetMs: number
}

/** The store contract every backend implements. */
export interface SessionStore {
  /** A short name for logs and health output, like `redis` or `memory`. */
  readonly kind: string
  /** Writes a new session; prunes the user's expired sessions; evicts the oldest past `maxSessions`. */
  create(input: CreateInput, life: Lifetimes): Promise<{ evicted: string[] }>
  /**
   * Reads a live session and its data; extends the idle window when the last touch is older than
   * `touchAfterMs`. With `generation`, a session whose generation differs answers `{ superseded: true }`
   * (no touch) in the same atomic step.
   */
  verify(userId: string, key: string, now: number, touchAfterMs: number, life: Lifetimes, generation?: number): Promise<VerifyResult | null>
  /** Rotates the refresh secret, answers a repeat within the grace, or revokes on reuse. */
  rotate(input: RotateInput, life: Lifetimes): Promise<RotateResult>
  /** Deletes one session; false when there was none. */
  revoke(userId: string, key: string, now: number, life: Lifetimes): Promise<boolean>
  /** Deletes every session of a user except `exceptKey`; resolves to the keys deleted. */
  revokeAll(userId: string, exceptKey: string | undefined, now: number, life: Lifetimes): Promise<string[]>
  /** Live sessions of a user, oldest first. */
  list(userId: string, now: number, life: Lifetimes): Promise<ListedSession[]>
  /** One live session with its data and meta, or null. No write. */
  get(userId: string, key: string, now: number, life: Lifetimes): Promise<GetResult | null>
  /** Replaces the data of a live session (`null` clears it); false when it is gone. */
  update(userId: string, key: string, data: string | null, now: number, life: Lifetimes): Promise<boolean>
  /** Extends the idle window of a live session; false when it is gone. */
  touch(userId: string, key: string, now: number, life: Lifetimes): Promise<boolean>
  /**
   * Counts one hit against `bucket` and decides: at most `limit` hits per `windowMs`; once over,
   * refused for `blockMs` (when larger than what the window implies). Exact under concurrency.
   */
  hit(bucket: string, limit: number, windowMs: number, blockMs: number, now: number): Promise<RateLimitDecision>
  /**
   * Takes back one admitted hit made at `hitAt` (the skip options and the login guard count first and
   * refund when the outcome says so). False when there was no such hit.
   */
  refundHit(bucket: string, hitAt: number): Promise<boolean>
  /** Forgets a rate-limit bucket (after a successful login, say). */
  resetBucket(bucket: string): Promise<void>
  /** Round-trip check for health endpoints; resolves to latency in ms. */
  ping(): Promise<number>
  /**
   * Admin only, never on a request path: counts live sessions and users across the whole store
   * (SCAN on Redis, master by master on a cluster). Cost grows with the number of users.
   */
  countAll(now: number, life: Lifetimes): Promise<{ sessions: number; users: number }>
  /** Closes connections the store opened itself; never a client the caller passed in. */
  close(): Promise<void>
}
