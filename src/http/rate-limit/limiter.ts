/**
 * The framework-neutral rate limiter: one store decision per request, answered as headers to set
 * and, when refused, the full 429 (or 503) response. Adapters are a few lines around `consume`.
 */
import { missingMethods, RATE_LIMIT_METHODS } from '../../stores/contract.js'
import { ConfigError, RateLimitedError } from '../../errors/index.js'
import type { SessionStore } from '../../stores/types.js'
import { errorResponse, type ErrorBody, type HttpResponse } from '../respond.js'
import { rateLimitHeaders } from './headers.js'
import { ipKey } from './ip.js'
import {
  resolveRateLimitOptions,
  type LimiterRequest,
  type RateLimitOptions,
  type ResolvedRateLimit,
} from './options.js'
import { StoreGate, type Verdict } from './store-gate.js'
import { outageLog } from '../../observability/outage-log.js'
import { attachedTo } from '../../observability/registry.js'

/** What a limiter decided for one request. */
export interface LimitOutcome {
  /** Set these on the response whatever happens (empty when headers are off or nothing was counted). */
  headers: Record<string, string>
  /** When refused: the response to send instead of running the route (429, or 503 when failing closed). */
  refused: HttpResponse<ErrorBody> | undefined
  /** True when `settle` must be called with the final status (skip options in use). */
  needsSettle: boolean
  /** Reports the final status (0 for an aborted response); takes the hit back per the skip options. */
  settle(status: number): Promise<void>
}

/** A rate limiter bound to a store. */
export interface Limiter<Req = unknown> {
  readonly options: ResolvedRateLimit<Req>
  /** Counts the request and decides. Rejects only on programming errors (a key function throwing). */
  consume(req: LimiterRequest<Req>): Promise<LimitOutcome>
  /** Forgets the bucket this request maps to (say, after an admin unblocks a client). */
  reset(req: LimiterRequest<Req>): Promise<void>
}

const NOTHING: LimitOutcome = Object.freeze({
  headers: {},
  refused: undefined,
  needsSettle: false,
  settle: async () => undefined,
})

/** The bucket name of a request: JSON of [namespace, ...parts], so no part can forge another's key. */
async function bucketOf<Req>(o: ResolvedRateLimit<Req>, req: LimiterRequest<Req>): Promise<string> {
  const ip = () => `ip:${req.ip === undefined || req.ip === '' ? 'unknown' : ipKey(req.ip, o.ipv6Prefix)}`
  const parts: string[] = []
  for (const k of o.keys) {
    if (k === 'ip') parts.push(ip())
    else if (k === 'user') parts.push(req.userId !== undefined ? `user:${req.userId}` : ip())
    else if (k === 'route') parts.push(`route:${req.method} ${req.mount}`)
    else {
      const v: unknown = await k(req.raw)
      if (typeof v !== 'string' && typeof v !== 'number')
        throw new TypeError('rate limit key function must return a string')
      parts.push(`fn:${v}`)
    }
  }
  return JSON.stringify([o.name ?? `@${req.mount}`, ...parts])
}

/**
 * Builds a limiter. Options are validated here, once (ConfigError naming the option).
 * @example
 * ```ts
 * const limiter = createLimiter(store, { limit: 100, window: '1m', name: 'api' })
 * const out = await limiter.consume({ ip: '203.0.113.9', method: 'GET', mount: '/api', userId: undefined, raw: req })
 * if (out.refused) send(out.refused)
 * ```
 */
export function createLimiter<Req = unknown>(store: SessionStore, options: RateLimitOptions<Req>): Limiter<Req> {
  if (missingMethods(store, RATE_LIMIT_METHODS).length > 0) {
    throw new ConfigError('store must be a SessionStore (redisStore() or memoryStore())')
  }
  const o = resolveRateLimitOptions(options)
  const skipping = o.skipSuccessfulRequests || o.skipFailedRequests
  const gate = new StoreGate(store, {
    label: o.policyName,
    policy: o.onStoreError,
    insurance: o.insurance,
    retryStoreAfterMs: o.retryStoreAfterMs,
    logger: outageLog(options.logger, () => store),
  })

  const outcome = (bucket: string, v: Verdict): LimitOutcome => {
    if (v.kind === 'open') return NOTHING
    if (v.kind === 'closed') {
      attachedTo(store)?.refusal(o.policyName, 'store_unavailable')
      return { ...NOTHING, refused: errorResponse(v.error) }
    }
    const d = v.decision
    const headers = o.headers ? rateLimitHeaders(o.policyName, o.limit, o.windowMs, d) : {}
    if (!d.allowed) {
      attachedTo(store)?.refusal(o.policyName, 'limit')
      const res = errorResponse(new RateLimitedError(d.retryAfterMs, o.message))
      return { ...NOTHING, headers, refused: { ...res, headers: { ...res.headers, ...headers } } }
    }
    let settled = false
    return {
      headers,
      refused: undefined,
      needsSettle: skipping,
      settle: async (status) => {
        if (settled || !skipping) return
        settled = true
        const ok = status > 0 && o.requestWasSuccessful(status)
        if ((ok && o.skipSuccessfulRequests) || (!ok && o.skipFailedRequests)) await gate.refundHit(bucket, v)
      },
    }
  }

  return {
    options: o,
    async consume(req) {
      if (o.skip && (await o.skip(req.raw))) return NOTHING
      const bucket = await bucketOf(o, req)
      return outcome(bucket, await gate.hit(bucket, o.limit, o.windowMs, o.blockMs, o.clock()))
    },
    async reset(req) {
      await gate.reset(await bucketOf(o, req))
    },
  }
}
