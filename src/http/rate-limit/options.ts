/**
 * Options of a rate limiter, validated once and resolved into a frozen config. Errors name the
 * option. Framework-neutral: `Req` is whatever request type the adapter passes to key functions.
 */
import { parseDuration, type Duration } from '../../config/duration.js'
import { rejectUnknownKeys } from '../../config/unknown-keys.js'
import { ConfigError } from '../../errors/index.js'
import type { OutagePolicy } from './store-gate.js'

/** A request as the limiter sees it; adapters fill it from their framework's request. */
export interface LimiterRequest<Req = unknown> {
  /** Client address as the framework resolved it (Express: `req.ip`, which honours `trust proxy`). */
  ip: string | undefined
  /** Upper-case method. */
  method: string
  /** Where the limiter is mounted (Express: `req.baseUrl` + route path), e.g. `/login`. */
  mount: string
  /** The authenticated user's id, when an auth middleware ran before the limiter. */
  userId: string | undefined
  /** The framework's own request, handed to key and skip functions. */
  raw: Req
}

/** One part of a bucket key. Functions return a string (or a promise of one). */
export type KeyStrategy<Req = unknown> = 'ip' | 'user' | 'route' | ((req: Req) => string | Promise<string>)

/** Options of a rate limiter (see `docs/rate-limiting.md`). */
export interface RateLimitOptions<Req = unknown> {
  /** Requests admitted per window, per key. Required; an integer >= 1. */
  limit: number
  /** Window length: `'15m'`, `'1h'` or ms. Default `'15m'`. */
  window?: Duration
  /**
   * Once the limit is hit, refuse the key for this long (when longer than the wait the window
   * implies). Default: no block, the key is admitted again as soon as a slot frees.
   */
  blockDuration?: Duration
  /**
   * Names the policy in the `RateLimit` headers and namespaces the buckets: limiters with the same
   * name (on the same store) share buckets, across routes and processes. Letters, digits,
   * `_ . : / -`. Default: unnamed; buckets are then namespaced by where the limiter is mounted
   * (`/login`, `/refresh`: separate) and the header policy is called `default`.
   */
  name?: string
  /**
   * What a bucket is per: `'ip'` (default), `'user'` (the authenticated user's id; the IP when
   * nobody is signed in), `'route'` (method and route pattern), a function of the request, or an
   * array of these combined (`['ip', 'route']`).
   */
  key?: KeyStrategy<Req> | KeyStrategy<Req>[]
  /** IPv6 clients are keyed by this prefix length (1–128). Default `64`. */
  ipv6Prefix?: number
  /** Take back the hit of a request that succeeded (status < 400 by default). Default `false`. */
  skipSuccessfulRequests?: boolean
  /** Take back the hit of a request that failed (status >= 400, or aborted). Default `false`. */
  skipFailedRequests?: boolean
  /** What "succeeded" means for the two skip options. Default `status < 400`. */
  requestWasSuccessful?: (status: number) => boolean
  /** Requests for which this returns true are not counted at all. */
  skip?: (req: Req) => boolean | Promise<boolean>
  /** Send `RateLimit` / `RateLimit-Policy` on every response. Default `true`. */
  headers?: boolean
  /**
   * While the store is unreachable: `'fail-closed'` (default) answers 503 `STORE_UNAVAILABLE`,
   * `'fail-open'` lets requests through uncounted.
   */
  onStoreError?: OutagePolicy
  /**
   * While the store is unreachable, count in this process's memory instead (overrides
   * `onStoreError`). With N processes, up to N × limit get through. Default `false`.
   */
  insurance?: boolean
  /** While the store is away, try it again at most this often. Default `'1s'`. */
  retryStoreAfter?: Duration
  /** Message of the 429 body. Default `'Too many requests'`. */
  message?: string
  /** Where the one line per outage goes. Default `console`. */
  logger?: { warn(message: string): void }
  /** The decision clock, epoch ms (tests). Default `Date.now`. */
  clock?: () => number
}

/** Validated, frozen options. Durations in ms. */
export interface ResolvedRateLimit<Req = unknown> {
  limit: number
  windowMs: number
  blockMs: number
  name: string | undefined
  policyName: string
  keys: readonly KeyStrategy<Req>[]
  ipv6Prefix: number
  skipSuccessfulRequests: boolean
  skipFailedRequests: boolean
  requestWasSuccessful: (status: number) => boolean
  skip: ((req: Req) => boolean | Promise<boolean>) | undefined
  headers: boolean
  onStoreError: OutagePolicy
  insurance: boolean
  retryStoreAfterMs: number
  message: string
  logger: { warn(message: string): void }
  clock: () => number
}

const NAME = /^[\w.:/-]{1,100}$/

const RATE_LIMIT_KEYS = [
  'limit',
  'window',
  'blockDuration',
  'name',
  'key',
  'ipv6Prefix',
  'skipSuccessfulRequests',
  'skipFailedRequests',
  'requestWasSuccessful',
  'skip',
  'headers',
  'onStoreError',
  'insurance',
  'retryStoreAfter',
  'message',
  'logger',
  'clock',
] as const satisfies readonly (keyof RateLimitOptions)[]

/** Throws ConfigError naming `name` unless `value` is an integer in [min, max]. */
export function checkInt(value: unknown, name: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer from ${min}${max < Number.MAX_SAFE_INTEGER ? ` to ${max}` : ''}`)
  }
  return value
}

function checkFn<T>(value: T | undefined, name: string): T | undefined {
  if (value !== undefined && typeof value !== 'function') throw new ConfigError(`${name} must be a function`)
  return value
}

function checkBool(value: unknown, name: string, dflt: boolean): boolean {
  if (value === undefined) return dflt
  if (typeof value !== 'boolean') throw new ConfigError(`${name} must be true or false`)
  return value
}

/** Validates a limiter name (also used by the login guard). */
export function checkName(value: unknown, option: string): string | undefined {
  if (value === undefined) return undefined
  if (typeof value !== 'string' || !NAME.test(value))
    throw new ConfigError(`${option} must be 1-100 letters, digits or _ . : / -`)
  return value
}

/** Validates the options once; the result is frozen. */
export function resolveRateLimitOptions<Req>(o: RateLimitOptions<Req>): ResolvedRateLimit<Req> {
  if (o === null || typeof o !== 'object') throw new ConfigError('rate limit options must be an object')
  rejectUnknownKeys(o, RATE_LIMIT_KEYS, 'rate limit options')
  const keys = o.key === undefined ? ['ip' as const] : Array.isArray(o.key) ? o.key : [o.key]
  if (keys.length === 0) throw new ConfigError('key must not be an empty array')
  for (const k of keys) {
    if (typeof k !== 'function' && k !== 'ip' && k !== 'user' && k !== 'route') {
      throw new ConfigError(`key must be 'ip', 'user', 'route', a function, or an array of these`)
    }
  }
  if (o.onStoreError !== undefined && o.onStoreError !== 'fail-closed' && o.onStoreError !== 'fail-open') {
    throw new ConfigError(`onStoreError must be 'fail-closed' or 'fail-open'`)
  }
  if (o.message !== undefined && typeof o.message !== 'string') throw new ConfigError('message must be a string')
  if (o.logger !== undefined && typeof o.logger?.warn !== 'function')
    throw new ConfigError('logger must have a warn(message) method')
  const name = checkName(o.name, 'name')
  return Object.freeze({
    limit: checkInt(o.limit, 'limit', 1),
    windowMs: parseDuration(o.window ?? '15m', 'window'),
    blockMs: o.blockDuration === undefined ? 0 : parseDuration(o.blockDuration, 'blockDuration', { allowZero: true }),
    name,
    policyName: name ?? 'default',
    keys: Object.freeze([...keys]),
    ipv6Prefix: checkInt(o.ipv6Prefix ?? 64, 'ipv6Prefix', 1, 128),
    skipSuccessfulRequests: checkBool(o.skipSuccessfulRequests, 'skipSuccessfulRequests', false),
    skipFailedRequests: checkBool(o.skipFailedRequests, 'skipFailedRequests', false),
    requestWasSuccessful: checkFn(o.requestWasSuccessful, 'requestWasSuccessful') ?? ((s: number) => s > 0 && s < 400),
    skip: checkFn(o.skip, 'skip'),
    headers: checkBool(o.headers, 'headers', true),
    onStoreError: o.onStoreError ?? 'fail-closed',
    insurance: checkBool(o.insurance, 'insurance', false),
    retryStoreAfterMs: parseDuration(o.retryStoreAfter ?? 1000, 'retryStoreAfter'),
    message: o.message ?? 'Too many requests',
    logger: o.logger ?? console,
    clock: checkFn(o.clock, 'clock') ?? Date.now,
  })
}
