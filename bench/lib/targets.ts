import { fixed } from './stats.js'

interface Spread {
  median: number
  min: number
  max: number
}
interface HttpRow {
  id: string
  label: string
  vsBare: Spread | null
  vsFloor: Spread | null
}

const x = (s: Spread) => `${fixed(s.median, 2)}x (${fixed(s.min, 2)}–${fixed(s.max, 2)})`
const verdict = (ok: boolean | undefined) => (ok === undefined ? 'not measured' : ok ? 'met' : '**not met**')

/** The closing-note table: each target of issues 2 and 8 against the latest figures. */
export function targetsTable(json: (name: string) => unknown): string {
  const rows: string[] = ['| target | measured | verdict |', '| --- | --- | --- |']
  const http = json('http') as { summary?: HttpRow[] } | undefined
  const summary = http?.summary ?? []
  for (const id of ['jwts-header', 'jwts-cookie']) {
    const r = summary.find((s) => s.id === id)
    rows.push(
      `| ${r?.label ?? id}: at least 0.95x the floor (HTTP) | ${r?.vsFloor ? x(r.vsFloor) : '–'} | ${verdict(r?.vsFloor ? r.vsFloor.median >= 0.95 : undefined)} |`,
    )
  }
  const seeds = summary.filter((s) => s.id.startsWith('seed') && s.vsBare)
  if (seeds.length) {
    const sorted = [...seeds].sort((a, b) => (b.vsBare as Spread).median - (a.vsBare as Spread).median)
    const best = sorted[0] as HttpRow
    const worst = sorted[sorted.length - 1] as HttpRow
    const jw = summary.find((s) => s.id === 'jwts-header')
    rows.push(
      `| seeds vs bare route (issue: best 0.71x, slowest 0.20x) | best ${best.label} ${x(best.vsBare as Spread)}, slowest ${worst.label} ${x(worst.vsBare as Spread)}; jwt-sessions ${jw?.vsBare ? x(jw.vsBare) : '–'} | for reference |`,
    )
  }
  const core = json('core') as { verifyVsFloor?: Spread } | undefined
  rows.push(
    `| \`sessions.verify\` at least 0.95x bare fast-jwt + 1 EVALSHA (in-process) | ${core?.verifyVsFloor ? x(core.verifyVsFloor) : '–'} | ${verdict(core?.verifyVsFloor ? core.verifyVsFloor.median >= 0.95 : undefined)} |`,
  )
  const scale = json('scale') as
    | { bytesPerSession100k?: number; p99Ratio?: number; p99_1k?: number; p99_big?: number; bigSessions?: number }
    | undefined
  rows.push(
    `| at most 150 bytes of Redis per session (100,000 sessions, 5 per user) | ${scale?.bytesPerSession100k !== undefined ? `${fixed(scale.bytesPerSession100k, 1)} B` : '–'} | ${verdict(scale?.bytesPerSession100k !== undefined ? scale.bytesPerSession100k <= 150 : undefined)} |`,
  )
  rows.push(
    `| verify p99 at ${scale?.bigSessions ? scale.bigSessions.toLocaleString('en-US') : '1,000,000'} sessions within 10% of p99 at 1,000 | ${scale?.p99Ratio !== undefined ? `${fixed(scale.p99_big ?? 0, 3)} ms vs ${fixed(scale.p99_1k ?? 0, 3)} ms (${fixed(scale.p99Ratio, 2)}x)` : '–'} | ${verdict(scale?.p99Ratio !== undefined ? scale.p99Ratio <= 1.1 : undefined)} |`,
  )
  return rows.join('\n')
}
