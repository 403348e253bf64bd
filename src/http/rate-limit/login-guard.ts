/**
 * Brute-force protection for a login route. Failures are counted per username and per client IP in
 * separate buckets. Each attempt is counted *before* the password is checked and taken back when the
 * login succeeds, so N parallel guesses can never slip past a limit of N (a check-then-count design
 * lets them all through before the first failure is recorded).
 */
import { parseDuration, type Duration } from '../../config/duration.js'
import { missingMethods, RATE_LIMIT_METHODS } from '../../stores/contract.js'
import { ConfigError, RateLimitedError, type StoreUnavailableError } from '../../errors/index.js'
import type { SessionStore } from '../../stores/types.js'
import { rejectUnknownKeys } from '../../config/unknown-keys.js'
import { sha256Base64url } from '../web-bytes.js'
import { ipKey } from './ip.js'
import { checkInt, checkName } from './options.js'
import { StoreGate, type OutagePolicy, type Verdict } from './store-gate.js'
import { outageLog } from '../../observability/outage-log.js'
import { loginRefused } from '../../observability/login-audit.js'

/** Options of a login guard. */
export interface LoginGuardOptions {
  /** Failed attempts allowed per username per window. Default `5`. */
  maxFailures?: number
  /** Failed attempts allowed per client IP per window (many users may share one NAT). Default `maxFailures × 10`. */
  maxFailuresPerIp?: number
  /** Window the failures are counted over. Default `'15m'`. */
  window?: Duration
  /** Once over, refuse the username (or IP) for this long. Default: the window. */
  block?: Duration
  /** Bucket namespace; login guards with the same name share counts. Default `'login'`. */
  name?: string
  /** IPv6 clients are counted per prefix of this length. Default `64`. */
  ipv6Prefix?: number
  /** Maps a username to its bucket. Default: trimmed and lower-cased. */
  normalizeUsername?: (username: string) => string
  /** While the store is away. Default `'fail-closed'` (503): a login limiter must not fail open silently. */
  onStoreError?: OutagePolicy
  /** Count in process memory while the store is away. Default `false`. */
  insurance?: boolean
  /** Message of the 429. Default `'Too many failed login attempts; try again later'`. */
  message?: string
  logger?: { warn(message: string): void }
  /** Decision clock, epoch ms (tests). Default `Date.now`. */
  clock?: () => number
}

/** One login attempt, counted as a failure until `succeed()` is called. */
export interface LoginAttempt {
  /** Attempts left for this username before it is blocked (after this one). */
  readonly remaining: number
  /** The password was wrong. The attempt stays counted (it already is); idempotent. */
  fail(): Promise<void>
  /** The login succeeded: clears the username's failures and takes this attempt back from the IP's. */
  succeed(): Promise<void>
}

const LOGIN_GUARD_KEYS = [
  'maxFailures',
  'maxFailuresPerIp',
  'window',
  'block',
  'name',
  'ipv6Prefix',
  'normalizeUsername',
  'onStoreError',
  'insurance',
  'message',
  'logger',
  'clock',
] as const satisfies readonly (keyof LoginGuardOptions)[]

const NO_OP: LoginAttempt = Object.freeze({
  remaining: Number.POSITIVE_INFINITY,
  fail: async () => {},
  succeed: async () => {},
})

/** The framework-neutral guard; the Express adapter wraps it in `createLoginGuard`. */
export class LoginGuardCore {
  private readonly gate: StoreGate
  private readonly o: Required<
    Omit<LoginGuardOptions, 'block' | 'window' | 'onStoreError' | 'insurance' | 'logger'>
  > & { windowMs: number; blockMs: number }

  constructor(
    private readonly store: SessionStore,
    options: LoginGuardOptions = {},
  ) {
    if (missingMethods(store, RATE_LIMIT_METHODS).length > 0) {
      throw new ConfigError('store must be a SessionStore (redisStore() or memoryStore())')
    }
    if (options === null || typeof options !== 'object') throw new ConfigError('login guard options must be an object')
    rejectUnknownKeys(options, LOGIN_GUARD_KEYS, 'login guard options')
    const maxFailures = checkInt(options.maxFailures ?? 5, 'maxFailures', 1)
    if (options.normalizeUsername !== undefined && typeof options.normalizeUsername !== 'function') {
      throw new ConfigError('normalizeUsername must be a function')
    }
    if (
      options.onStoreError !== undefined &&
      options.onStoreError !== 'fail-closed' &&
      options.onStoreError !== 'fail-open'
    ) {
      throw new ConfigError(`onStoreError must be 'fail-closed' or 'fail-open'`)
    }
    const windowMs = parseDuration(options.window ?? '15m', 'window')
    this.o = {
      maxFailures,
      maxFailuresPerIp: checkInt(options.maxFailuresPerIp ?? maxFailures * 10, 'maxFailuresPerIp', 1),
      windowMs,
      blockMs: options.block === undefined ? windowMs : parseDuration(options.block, 'block', { allowZero: true }),
      name: checkName(options.name, 'name') ?? 'login',
      ipv6Prefix: checkInt(options.ipv6Prefix ?? 64, 'ipv6Prefix', 1, 128),
      normalizeUsername: options.normalizeUsername ?? ((u) => u.trim().toLowerCase()),
      message: options.message ?? 'Too many failed login attempts; try again later',
      clock: options.clock ?? Date.now,
    }
    this.gate = new StoreGate(store, {
      label: this.o.name,
      policy: options.onStoreError ?? 'fail-closed',
      insurance: options.insurance ?? false,
      retryStoreAfterMs: 1000,
      logger: outageLog(options.logger, () => store),
    })
  }

  private async userBucket(username: unknown): Promise<string | undefined> {
    if (typeof username !== 'string' || username.trim() === '') return undefined
    let u = this.o.normalizeUsername(username)
    // Keep keys small whatever a client sends as a username (Web Crypto: runs on the Fetch layer too).
    if (u.length > 200) u = `sha256:${await sha256Base64url(u)}`
    return JSON.stringify([this.o.name, 'user', u])
  }

  private ipBucket(ip: string | undefined): string {
    return JSON.stringify([this.o.name, 'ip', ip ? ipKey(ip, this.o.ipv6Prefix) : 'unknown'])
  }

  /**
   * Counts an attempt for `username` from `ip`. Rejects with RateLimitedError (429) when the username
   * or the IP is over its limit, StoreUnavailableError (503) when the store is away and failing closed.
   */
  async begin(ip: string | undefined, username: unknown): Promise<LoginAttempt> {
    const at = this.o.clock()
    const ub = await this.userBucket(username)
    const ib = this.ipBucket(ip)
    const [uv, iv] = await Promise.all([
      ub === undefined ? undefined : this.gate.hit(ub, this.o.maxFailures, this.o.windowMs, this.o.blockMs, at),
      this.gate.hit(ib, this.o.maxFailuresPerIp, this.o.windowMs, this.o.blockMs, at),
    ])
    const verdicts = [uv, iv].filter((v): v is Verdict => v !== undefined)
    const closed = verdicts.find((v) => v.kind === 'closed')
    const refused = verdicts.filter((v) => v.kind === 'decided' && !v.decision.allowed)
    if (closed || refused.length > 0) {
      loginRefused(
        this.store,
        this.o.name,
        closed !== undefined,
        ub === undefined ? undefined : this.o.normalizeUsername(String(username)),
        ip,
      )
      // No password is checked, so the attempt must not count where it was admitted.
      if (ub !== undefined && uv) await this.gate.refundHit(ub, uv)
      await this.gate.refundHit(ib, iv)
      if (closed && closed.kind === 'closed') throw closed.error as StoreUnavailableError
      const wait = Math.max(...refused.map((v) => (v.kind === 'decided' ? v.decision.retryAfterMs : 0)))
      throw new RateLimitedError(wait, this.o.message)
    }
    if (verdicts.every((v) => v.kind === 'open')) return NO_OP
    let settled = false
    return {
      remaining: uv?.kind === 'decided' ? uv.decision.remaining : Number.POSITIVE_INFINITY,
      fail: async () => {
        settled = true
      },
      succeed: async () => {
        if (settled) return
        settled = true
        await Promise.all([
          ub === undefined ? undefined : this.gate.reset(ub).catch(() => undefined),
          this.gate.refundHit(ib, iv),
        ])
      },
    }
  }
}
