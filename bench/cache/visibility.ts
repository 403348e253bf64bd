import type { TokenSet } from '../../src/index.js'
import { SessionsProcess } from '../../test/helpers/sessions-process.js'
import { quantile } from '../lib/stats.js'

/** Cross-instance revocation visibility, in ms from the revoking call's start. */
export interface Visibility {
  revocations: number
  p50: number
  p99: number
  max: number
  /** Refusals seen before the revoking call had resolved (the writer waits for its own push). */
  beforeReturn: number
}

/**
 * Two engines in two processes, both with the cache on. For each revocation B first answers the
 * token from its cache, then polls verify in a loop while A revokes; the delay is the wall-clock
 * time from A's call to B's first refusal.
 */
export async function measureVisibility(url: string, count: number): Promise<Visibility> {
  const opts = { localCache: true }
  const [a, b] = await Promise.all([
    SessionsProcess.start(url, 'bench-vis:', opts),
    SessionsProcess.start(url, 'bench-vis:', opts),
  ])
  try {
    const delays: number[] = []
    let beforeReturn = 0
    for (let i = 0; i < count; i++) {
      const t = await a.value<TokenSet>('create', `vis-${i}`)
      for (let k = 0; k < 3; k++) await b.value('verify', t.accessToken)
      const refused = b.value<number | null>('waitRefused', t.accessToken, 2000)
      // Let B's polling loop start before the revocation is sent.
      await new Promise((r) => setTimeout(r, 2))
      const { start, end } = await a.value<{ start: number; end: number }>('revokeTimed', t.sessionId)
      const at = await refused
      if (at === null) throw new Error(`revocation ${i} was not seen within 2 s`)
      delays.push(at - start)
      if (at <= end) beforeReturn++
    }
    delays.sort((x, y) => x - y)
    return {
      revocations: count,
      p50: quantile(delays, 0.5),
      p99: quantile(delays, 0.99),
      max: delays.at(-1) ?? 0,
      beforeReturn,
    }
  } finally {
    await Promise.all([a.stop(), b.stop()])
  }
}
