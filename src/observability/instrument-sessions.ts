/**
 * Times `verify`, `create` and `refresh` (histograms by outcome) and counts authentication
 * failures by error code. Replaces the methods on the engine object itself, so internal callers
 * (`validate` calls `verify`) are measured too.
 */
import type { Sessions } from '../sessions/types.js'
import { ATTR, AUTH_FAILURE_CODES, codeOf, type Instruments } from './instruments.js'
import type { CounterLike, HistogramLike } from './otel-types.js'

type AsyncFn = (...args: never[]) => Promise<unknown>

function timed<F extends AsyncFn>(
  fn: F,
  histogram: HistogramLike,
  failures: CounterLike | undefined,
  operation: string,
): F {
  const okAttrs = { [ATTR.outcome]: 'ok' }
  return ((...args: Parameters<F>) => {
    const start = performance.now()
    return fn(...args).then(
      (v) => {
        histogram.record((performance.now() - start) / 1000, okAttrs)
        return v
      },
      (err: unknown) => {
        const code = codeOf(err)
        histogram.record((performance.now() - start) / 1000, { [ATTR.outcome]: code })
        if (failures && AUTH_FAILURE_CODES.has(code))
          failures.add(1, { [ATTR.errorType]: code, [ATTR.operation]: operation })
        throw err
      },
    )
  }) as F
}

/** Wraps the engine's timed methods in place. */
export function instrumentSessions<D>(s: Sessions<D>, m: Instruments): void {
  s.verify = timed(s.verify, m.verifyDuration, m.authFailures, 'verify')
  s.refresh = timed(s.refresh, m.refreshDuration, m.authFailures, 'refresh')
  s.create = timed(s.create, m.createDuration, undefined, 'create')
}
