/**
 * Options of the TokenManager, validated once and resolved into a frozen config.
 */
import { ClientConfigError, refuseUnknownKeys } from './config-error.js'
import { toMs } from './duration.js'
import { g, leaseLock, memoryStorage, readCookie, systemClock, webLock, webStorage } from './platform.js'
import type { ChannelLike, ClockLike, FetchLike, LockLike, StorageLike, TokenManagerOptions } from './types.js'

/** The resolved configuration (durations in ms). */
export interface Config {
  header: boolean
  auto: boolean
  base: string
  key: string
  thresholdMs: number
  checkMs: number
  retryMs: number
  tries: number
  lockMs: number
  logoutUrl: string | undefined
  credentials: RequestInit['credentials']
  csrfHeader: string
  csrf: () => string | null | undefined
  clock: ClockLike
  store: StorageLike
  lock: LockLike
  channel: ChannelLike | null
  fetch: FetchLike
  /** The refresh token lives in this tab only (memory / sessionStorage): ask open tabs at start. */
  perTab: boolean
}

/** Every key of {@link TokenManagerOptions}; `satisfies` makes a key added there without this list fail to compile. */
const OPTION_KEYS = Object.keys({
  baseUrl: 0,
  mode: 0,
  refreshTokenStorage: 0,
  refreshThreshold: 0,
  autoRefresh: 0,
  checkInterval: 0,
  retryDelay: 0,
  maxRetries: 0,
  lockTimeout: 0,
  logoutUrl: 0,
  csrfCookie: 0,
  csrfHeader: 0,
  credentials: 0,
  name: 0,
  clock: 0,
  storage: 0,
  lock: 0,
  channel: 0,
  fetch: 0,
  csrfToken: 0,
} satisfies Record<keyof TokenManagerOptions, 0>)

function bad(option: string, what: string): never {
  throw new ClientConfigError(`"${option}" option must be ${what}`)
}

/**
 * Validates the options (a `TypeError` with code `CONFIG_INVALID` names the bad or unknown one) and
 * fills in the defaults.
 *
 * @example
 * ```ts
 * resolveOptions({ mode: 'header', refreshTokenStorage: 'session' }).perTab // true
 * ```
 */
export function resolveOptions(o: TokenManagerOptions): Readonly<Config> {
  refuseUnknownKeys(o, OPTION_KEYS)
  if (o.mode !== undefined && o.mode !== 'cookie' && o.mode !== 'header') bad('mode', "'cookie' or 'header'")
  const rts = o.refreshTokenStorage ?? 'memory'
  if (rts !== 'memory' && rts !== 'session' && rts !== 'local') {
    bad('refreshTokenStorage', "'memory', 'session' or 'local'")
  }
  const tries = o.maxRetries ?? 3
  if (!(Number.isInteger(tries) && tries >= 0)) bad('maxRetries', 'a non-negative integer')
  const header = o.mode === 'header'
  const key = o.name ?? 'jwt-sessions'
  const clock = o.clock ?? systemClock
  const lockMs = toMs(o.lockTimeout ?? '10s', 'lockTimeout')
  const local = webStorage('localStorage')
  const kept = !header || rts === 'local' ? local : rts === 'session' ? webStorage('sessionStorage') : undefined
  const locks = g.navigator?.locks
  // The server's defaults: `__Host-` when Secure with Path=/, `__Secure-` when Secure, else bare.
  const csrfNames = o.csrfCookie ? [o.csrfCookie] : ['__Host-jwts-csrf', '__Secure-jwts-csrf', 'jwts-csrf']
  const config: Config = {
    header,
    auto: o.autoRefresh !== false,
    base: (o.baseUrl ?? '/api/token').replace(/\/$/, ''),
    key,
    thresholdMs: toMs(o.refreshThreshold ?? '15m', 'refreshThreshold'),
    checkMs: Math.max(1000, toMs(o.checkInterval ?? '5m', 'checkInterval')),
    retryMs: toMs(o.retryDelay ?? 500, 'retryDelay'),
    tries,
    lockMs,
    logoutUrl: o.logoutUrl,
    credentials: o.credentials ?? 'same-origin',
    csrfHeader: o.csrfHeader ?? 'x-csrf-token',
    csrf: o.csrfToken ?? (() => csrfNames.map(readCookie).find((v) => v) ?? null),
    clock,
    store: o.storage ?? kept ?? memoryStorage(),
    lock:
      o.lock ?? (locks ? webLock(locks, clock, lockMs) : local ? leaseLock(local, clock, lockMs) : (_name, fn) => fn()),
    channel:
      o.channel !== undefined ? o.channel : g.BroadcastChannel ? (new g.BroadcastChannel(key) as ChannelLike) : null,
    fetch: o.fetch ?? ((url, init) => fetch(url, init)),
    perTab: header && rts !== 'local',
  }
  return Object.freeze(config)
}
