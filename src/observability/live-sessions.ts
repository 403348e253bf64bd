/**
 * The `jwt_sessions.sessions.active` gauge. Never a store scan per collection: either a running
 * count of this process's starts and ends, or the latest background sample of the admin count.
 */
import type { ResolvedTelemetry } from './options.js'
import { ATTR } from './instruments.js'
import type { ObservableLike } from './otel-types.js'

/** Feeds the gauge; `delta` is called for each session started (+1) or ended (-1) here. */
export interface LiveSessions {
  delta(n: number): void
}

const netByProvider = new WeakMap<object, { net: number }>()

/**
 * Wires the gauge per `mode`; `count` is the store-wide admin count (SCAN), called only when
 * sampling. `provider` is the MeterProvider: one running count (and one callback) per provider, so
 * that the engines of one process add up.
 */
export function liveSessionsGauge(
  gauge: ObservableLike,
  mode: ResolvedTelemetry['liveSessions'],
  count: () => Promise<number>,
  provider: object,
): LiveSessions {
  if (mode === false) return { delta: () => undefined }
  if (mode === 'counters') {
    let state = netByProvider.get(provider)
    if (!state) {
      const fresh = { net: 0 }
      netByProvider.set(provider, (state = fresh))
      gauge.addCallback((r) => r.observe(Math.max(0, fresh.net), { [ATTR.source]: 'counters' }))
    }
    const shared = state
    return { delta: (n) => void (shared.net += n) }
  }
  let last: number | undefined
  let sampledAt = Number.NEGATIVE_INFINITY
  let inFlight = false
  gauge.addCallback((r) => {
    const now = performance.now()
    if (!inFlight && now - sampledAt >= mode.sampleEveryMs) {
      inFlight = true
      sampledAt = now
      // In the background: the collection reports the previous sample and never waits for a scan.
      count()
        .then(
          (n) => void (last = n),
          () => undefined,
        )
        .finally(() => void (inFlight = false))
    }
    if (last !== undefined) r.observe(last, { [ATTR.source]: 'sample' })
  })
  return { delta: () => undefined }
}
