/**
 * Everything between a limiter and its store: counting, refunds, and what to do while the store is
 * away (the outage policy). Never queues or replays an increment: a hit that could not be counted
 * in the store is decided by the policy and then forgotten.
 */
import { StoreUnavailableError } from '../../errors/index.js'
import { MemoryBuckets } from '../../stores/memory/rate-limit.js'
import type { RateLimitDecision, SessionStore } from '../../stores/types.js'
import type { OutageLog } from '../../observability/outage-log.js'
import { attachedTo } from '../../observability/registry.js'

/** What a limiter does when the store does not answer. */
export type OutagePolicy = 'fail-closed' | 'fail-open'

/** Where a decision came from; refunds go back to the same place. */
export type Verdict =
  | { kind: 'decided'; decision: RateLimitDecision; at: number; source: 'store' | 'insurance' }
  | { kind: 'open' }
  | { kind: 'closed'; error: StoreUnavailableError }

export interface GateOptions {
  label: string
  policy: OutagePolicy
  insurance: boolean
  retryStoreAfterMs: number
  logger: OutageLog
}

const isUnavailable = (err: unknown): err is StoreUnavailableError =>
  typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 'STORE_UNAVAILABLE'

/** One per limiter: counts through the store, falls back per policy, logs once per outage. */
export class StoreGate {
  private down = false
  private nextProbeAt = 0
  private readonly memory = new MemoryBuckets()
  private insuranceHits = 0

  // refundHit is a required store method (createSessions checks the store), so refunds always work.
  constructor(
    private readonly store: SessionStore,
    private readonly o: GateOptions,
  ) {}

  /** Counts one hit and decides, through the store or, while it is away, through the policy. */
  async hit(bucket: string, limit: number, windowMs: number, blockMs: number, at: number): Promise<Verdict> {
    // While the store is away, only one request per interval probes it; the rest do not wait for
    // a timeout each (monotonic clock: the decision clock may be a test's frozen one).
    if (this.down && performance.now() < this.nextProbeAt) return this.fallback(bucket, limit, windowMs, blockMs, at)
    if (this.down) this.nextProbeAt = performance.now() + this.o.retryStoreAfterMs
    try {
      const decision = await this.store.hit(bucket, limit, windowMs, blockMs, at)
      if (this.down) this.recovered()
      return { kind: 'decided', decision, at, source: 'store' }
    } catch (err) {
      if (!isUnavailable(err)) throw err
      attachedTo(this.store)?.storeError('hit', err)
      this.wentDown(err)
      return this.fallback(bucket, limit, windowMs, blockMs, at, err)
    }
  }

  /** Takes a hit back where it was counted. Failures are ignored: the hit then simply stays counted. */
  async refundHit(bucket: string, v: Verdict): Promise<void> {
    if (v.kind !== 'decided' || !v.decision.allowed) return
    if (v.source === 'insurance') {
      this.memory.refund(bucket, v.at)
      return
    }
    await this.store.refundHit(bucket, v.at).catch(() => undefined)
  }

  /** Forgets a bucket in the store (and in the insurance limiter). */
  async reset(bucket: string): Promise<void> {
    this.memory.reset(bucket)
    await this.store.resetBucket(bucket)
  }

  private fallback(
    bucket: string,
    limit: number,
    windowMs: number,
    blockMs: number,
    at: number,
    cause?: unknown,
  ): Verdict {
    if (this.o.insurance) {
      if (++this.insuranceHits % 1000 === 0) this.memory.sweep(at)
      return {
        kind: 'decided',
        decision: this.memory.hit(bucket, limit, windowMs, blockMs, at),
        at,
        source: 'insurance',
      }
    }
    if (this.o.policy === 'fail-open') return { kind: 'open' }
    return { kind: 'closed', error: new StoreUnavailableError('Rate limiting is unavailable', { cause }) }
  }

  private wentDown(err: StoreUnavailableError): void {
    this.nextProbeAt = performance.now() + this.o.retryStoreAfterMs
    if (this.down) return
    this.down = true
    const mode = this.o.insurance
      ? 'limiting in memory, per process'
      : this.o.policy === 'fail-open'
        ? 'letting requests through'
        : 'refusing requests with 503'
    this.o.logger.warn(
      `jwt-sessions: rate limiter "${this.o.label}": store unavailable (${err.message}); ${mode} until it answers`,
      'rate_limit.store_unavailable',
      { limiter: this.o.label },
    )
  }

  private recovered(): void {
    this.down = false
    // Insurance counts are dropped, never replayed into the store.
    this.memory.sweep(Number.POSITIVE_INFINITY)
    this.o.logger.warn(
      `jwt-sessions: rate limiter "${this.o.label}": store reachable again`,
      'rate_limit.store_recovered',
      { limiter: this.o.label },
    )
  }
}
