import type { Sessions, TokenSet } from '../../src/index.js'
import { quantile } from '../lib/stats.js'

export interface Latency {
  samples: number
  p50: number
  p99: number
  mean: number
}

const summary = (xs: number[]): Latency => ({
  samples: xs.length,
  p50: quantile(xs, 0.5),
  p99: quantile(xs, 0.99),
  mean: xs.reduce((a, b) => a + b, 0) / xs.length,
})

/**
 * `sessions.verify` latency, one call at a time, on two stores in alternating blocks so that load
 * from other processes falls on both alike. A first pass verifies every token once, so the timed
 * calls find freshly touched sessions and write nothing (as most requests do).
 */
export async function compareVerify(
  a: { sessions: Sessions; tokens: TokenSet[] },
  b: { sessions: Sessions; tokens: TokenSet[] },
  blocks: number,
  perBlock: number,
): Promise<{ a: Latency; b: Latency; p99Ratios: number[] }> {
  for (const side of [a, b]) for (const t of side.tokens) await side.sessions.verify(t.accessToken)
  const xs: number[] = []
  const ys: number[] = []
  const ratios: number[] = []
  for (let block = 0; block < blocks; block++) {
    const order = block % 2 === 0 ? [a, b] : [b, a]
    const got = new Map<typeof a, number[]>()
    for (const side of order) {
      const lat: number[] = []
      for (let i = 0; i < perBlock; i++) {
        const token = side.tokens[(block * perBlock + i) % side.tokens.length] as TokenSet
        const t = performance.now()
        await side.sessions.verify(token.accessToken)
        lat.push(performance.now() - t)
      }
      got.set(side, lat)
    }
    const la = got.get(a) as number[]
    const lb = got.get(b) as number[]
    xs.push(...la)
    ys.push(...lb)
    ratios.push(quantile(lb, 0.99) / quantile(la, 0.99))
  }
  return { a: summary(xs), b: summary(ys), p99Ratios: ratios }
}
