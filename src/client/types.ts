/**
 * Public types of the browser client. Kept free of DOM-only names (Storage, LockManager, ...) so the
 * same source type-checks in the browser build and in Node-side unit tests.
 */

/** A duration: `'30s'`, `'15m'`, `'2h'`, `'7d'`, `'500ms'`, or a number of milliseconds. */
export type Duration = string | number

/** Where a refresh token lives in header mode. See docs/browser-client.md for the trade-offs. */
export type RefreshTokenStorage = 'memory' | 'session' | 'local'

/** The subset of the Web Storage API the client uses (`localStorage`, `sessionStorage` fit). */
export interface StorageLike {
  getItem(key: string): string | null
  setItem(key: string, value: string): void
  removeItem(key: string): void
}

/** Time and timers. Inject a fake one in tests; the default uses `Date.now` and global timers. */
export interface ClockLike {
  /** Epoch milliseconds on the browser's clock (which may differ from the server's). */
  now(): number
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(id: unknown): void
}

/**
 * A cross-tab mutex: runs `fn` while holding the lock named `name` and resolves with its result.
 * The default uses `navigator.locks` (with a timeout and `steal` recovery), else a localStorage lease.
 */
export type LockLike = <T>(name: string, fn: () => Promise<T>) => Promise<T>

/** A `BroadcastChannel`-shaped message bus shared by the tabs of one origin. */
export interface ChannelLike {
  postMessage(message: unknown): void
  onmessage: ((event: { data: unknown }) => void) | null
  close(): void
}

/** `fetch`. */
export type FetchLike = (url: string, init?: RequestInit) => Promise<Response>

/** Options of {@link TokenManager}. Every field is optional. */
export interface TokenManagerOptions {
  /** Base URL of seed 004's routes (`/refresh`, `/session-stats/:userId`). Default `'/api/token'`. */
  baseUrl?: string
  /**
   * `'cookie'` (default): tokens travel in HttpOnly cookies the server sets; scripts never see them,
   * and a CSRF header is added to state-changing requests. `'header'`: the access token is kept in
   * memory and sent as `Authorization: Bearer`; the refresh token is kept per `refreshTokenStorage`.
   */
  mode?: 'cookie' | 'header'
  /** Header mode only: where the refresh token is kept. Default `'memory'` (lost on reload). */
  refreshTokenStorage?: RefreshTokenStorage
  /**
   * Refresh this long before the access token expires. Default `'15m'`; never more than a quarter of
   * the token's life (so a 5 s token is refreshed about 1.25 s early), plus up to 20 % random jitter.
   */
  refreshThreshold?: Duration
  /** Refresh proactively before expiry. Default `true`; `false` refreshes only on demand and on 401. */
  autoRefresh?: boolean
  /** How often to re-check while the page is visible. Default `'5m'`. */
  checkInterval?: Duration
  /** First back-off delay after a network error or a 5xx/429; doubles each time. Default `'500ms'`. */
  retryDelay?: Duration
  /** Retries of a refresh after network errors, 5xx or 429. Default `3`. */
  maxRetries?: number
  /** Give up waiting for the cross-tab lock (then take it over) and abort a refresh after. Default `'10s'`. */
  lockTimeout?: Duration
  /** URL that `logout()` POSTs to, e.g. `'/api/logout'`. Default: none (local logout only). */
  logoutUrl?: string
  /**
   * Cookie mode: the readable cookie holding the CSRF token. Default: the server's default name,
   * `__Host-jwts-csrf`, `__Secure-jwts-csrf` or `jwts-csrf`, whichever is present.
   */
  csrfCookie?: string
  /** Cookie mode: header the CSRF token is sent in. Default `'x-csrf-token'`. */
  csrfHeader?: string
  /** `credentials` for requests. Default `'same-origin'`; `'include'` for a cross-origin API. */
  credentials?: RequestInit['credentials']
  /** Storage key prefix and lock / channel name. Default `'jwt-sessions'`. */
  name?: string
  /** Injected clock (tests). */
  clock?: ClockLike
  /** Injected storage for the persisted state (tests, or a custom store). Default per mode. */
  storage?: StorageLike
  /** Injected cross-tab lock (tests). */
  lock?: LockLike
  /** Injected channel; `null` disables cross-tab messages. Default `new BroadcastChannel(name)`. */
  channel?: ChannelLike | null
  /** Injected fetch (tests, or an instrumented fetch). Default the global `fetch`. */
  fetch?: FetchLike
  /** Cookie mode: reads the CSRF token. Default parses `document.cookie` for `csrfCookie`. */
  csrfToken?: () => string | null | undefined
}

/**
 * What `login()` accepts: the core `TokenSet` (`expiresIn` in seconds, `tokenType: 'Bearer'`), seed
 * 004's refresh `data` (`expiresIn` in milliseconds), or either wrapped in `{ success, data }`.
 */
export interface LoginTokens {
  accessToken?: string
  refreshToken?: string
  /** Seconds when `tokenType` is present (TokenSet), else milliseconds (seed 004). */
  expiresIn?: number
  tokenType?: string
  /** Epoch ms on the server's clock. */
  refreshTokenExpiresAt?: number
  sessionId?: string
  userId?: string
  data?: LoginTokens
}

/** What `getTokenInfo()` returns. Times are epoch ms on the browser's clock; durations are ms. */
export interface TokenInfo {
  isAuthenticated: boolean
  mode: 'cookie' | 'header'
  /** When the access token expires (estimated from the server's answer), or null if unknown. */
  expiresAt: number | null
  timeUntilExpiry: number | null
  /** When the next proactive refresh is planned, or null. */
  refreshAt: number | null
  needsRefresh: boolean
  /** Server clock minus browser clock, ms (positive: the browser is behind), or null if unknown. */
  clockOffset: number | null
  sessionId: string | null
  userId: string | null
}

/** Event payloads. */
export interface TokenManagerEvents {
  /** New tokens, in this tab or (via broadcast) another one. */
  refreshed: { expiresAt: number | null; remote: boolean }
  /** A sign-in in this tab or another one. */
  login: { remote: boolean }
  /** `logout()` in this tab or another one. */
  logout: { remote: boolean }
  /** The server ended the session (revoked, reused, invalid): sign in again. Once per session. */
  sessionExpired: { code: string; remote: boolean }
  /** A refresh failed for a reason that did not end the session (network, 5xx, CSRF). */
  error: { error: unknown }
}
