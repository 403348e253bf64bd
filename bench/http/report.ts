import type { BenchOptions } from '../lib/part.js'
import { fixed, fmtSpread, int, median, spread, type Spread } from '../lib/stats.js'
import type { LoadResult } from './load.js'
import { frameworkOf, type Row } from './rows.js'

export interface RoundResult extends LoadResult {
  round: number
  row: string
}

export interface RowSummary {
  id: string
  label: string
  what: string
  framework: string
  rounds: number
  rps: Spread
  /** Per round: this row's req/s divided by its framework's bare route's in the same round. */
  vsBare: Spread | null
  /** Per round: divided by its framework's floor's in the same round. */
  vsFloor: Spread | null
  p50ms: number
  p99ms: number
  /** Requests that were not 2xx, or errors/timeouts, over all measured runs (must be 0). */
  bad: number
}

function ratios(results: RoundResult[], row: string, base: string | undefined): Spread | null {
  const rs: number[] = []
  for (const r of results.filter((x) => x.row === row)) {
    const b = results.find((x) => x.row === base && x.round === r.round)
    if (b && b.rps > 0) rs.push(r.rps / b.rps)
  }
  return rs.length ? spread(rs) : null
}

export function summarise(rows: Row[], results: RoundResult[]): RowSummary[] {
  // Each row is divided by the bare route and the floor of its own framework.
  const baseOf = (row: Row, base: 'bare' | 'floor') =>
    rows.find((r) => r.base === base && frameworkOf(r) === frameworkOf(row))?.id
  return rows
    .map((row) => {
      const mine = results.filter((r) => r.row === row.id)
      if (!mine.length) return null
      return {
        id: row.id,
        label: row.label,
        what: row.what,
        framework: frameworkOf(row),
        rounds: mine.length,
        rps: spread(mine.map((r) => r.rps)),
        vsBare: ratios(results, row.id, baseOf(row, 'bare')),
        vsFloor: ratios(results, row.id, baseOf(row, 'floor')),
        p50ms: median(mine.map((r) => r.p50ms)),
        p99ms: median(mine.map((r) => r.p99ms)),
        bad: mine.reduce((n, r) => n + r.non2xx + r.errors + r.timeouts, 0),
      }
    })
    .filter((s): s is RowSummary => s !== null)
}

const x = (n: number) => `${fixed(n, 2)}x`

export function httpMarkdown(
  rows: RowSummary[],
  skipped: Array<{ row: Row; reason: string }>,
  o: BenchOptions,
  machine: string,
): string {
  const lines = [
    '## HTTP: one authenticated GET, per framework',
    '',
    `![Requests per second by row](bench/results/http.svg)`,
    '',
    `${machine}`,
    '',
    `Settings: autocannon in its own process, ${o.connections} connections, no pipelining; each row served by its own ` +
      `Node process (all started once, idle while another row is loaded) against one shared redis-server; ` +
      `one untimed 2 s pass over every row, then per measurement ${o.warmup} s warm-up and ${o.seconds} s measured; ${o.rounds} rounds, the row order rotated by one each round. Figures are the ` +
      `median over rounds with (min–max); "vs bare" and "vs floor" divide by the req/s of the same framework's bare route ` +
      `or floor in the same round, so machine drift between rounds cancels. Every row was checked to answer 200 with its ` +
      `credentials and 4xx without before it was loaded.`,
    '',
    '| framework | row | per request | req/s | vs bare | vs floor | p50 ms | p99 ms |',
    '| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |',
  ]
  for (const r of rows) {
    const warn = r.bad ? ` ⚠ ${r.bad} non-2xx/errors` : ''
    lines.push(
      `| ${r.framework} | ${r.label}${warn} | ${r.what} | ${fmtSpread(r.rps, int)} | ${r.vsBare ? fmtSpread(r.vsBare, x) : '–'} | ` +
        `${r.vsFloor ? fmtSpread(r.vsFloor, x) : '–'} | ${fixed(r.p50ms, 0)} | ${fixed(r.p99ms, 0)} |`,
    )
  }
  if (skipped.length) {
    lines.push('', 'Not measured in this run:', '')
    for (const s of skipped) lines.push(`- ${s.row.label}: ${s.reason}`)
  }
  return lines.join('\n')
}
