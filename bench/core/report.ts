import { fixed, fmtSpread, int, us, type Spread } from '../lib/stats.js'
import type { Counts } from './counting.js'

export interface Timing {
  meanMs: number
  p50Ms: number
  p99Ms: number
  opsPerSec: number
}

export interface CoreData {
  options: { time: number; inflight: number; countIterations: number; pairs: number; sliceMs: number }
  timings: Record<string, Timing>
  counts: Record<string, Counts>
  libVerify: Spread
  floor: Spread
  verifyVsFloor: Spread
  libCpuUs: Spread
  floorCpuUs: Spread
  /** Floor CPU per call divided by the library's: the throughput ratio the CPU cost implies. */
  verifyVsFloorCpu: Spread
}

const OPS = ['create', 'verify', 'validate', 'refresh', 'revoke', 'list']

function perOp(c: Record<string, number>, n: number): string {
  const parts = Object.entries(c)
    .filter(([, v]) => v > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k.toUpperCase()} ${fixed(v / n, 2).replace(/\.00$/, '')}`)
  return parts.length ? parts.join(', ') : 'none'
}

const cell = (t: Timing | undefined) => (t ? `${us(t.p50Ms)} / ${us(t.p99Ms)} | ${int(t.opsPerSec)}` : '– | –')

export function coreMarkdown(d: CoreData, machine: string): string {
  const n = d.options.countIterations
  const lines = [
    '## Core operations, in process',
    '',
    machine,
    '',
    `Settings: tinybench, ${d.options.time} ms per task after a warm-up, one call at a time; default options ` +
      `(HS256, access 15m, refresh 7d, touch debounce 60 s); Redis through \`redisStore({ client })\` on a ` +
      `node-redis client to the bench's own redis-server on loopback. Fixtures: create logs in a new user ` +
      `each call; verify and validate cycle over 100 live tokens; refresh rotates 64 sessions in turn; ` +
      `revoke deletes a session made (untimed) just before; list reads a user with 5 sessions. Round ` +
      `trips: what the client sent over ${n} calls of each operation, divided by ${n}; "server runs" adds ` +
      `the \`INFO commandstats\` deltas, where the commands a script runs inside are counted too.`,
    '',
    '| operation | memory p50 / p99 µs | memory ops/s | Redis p50 / p99 µs | Redis ops/s | round trips | client sends | server runs |',
    '| --- | ---: | ---: | ---: | ---: | ---: | --- | --- |',
  ]
  for (const op of OPS) {
    const c = d.counts[op]
    const trips = c ? Object.values(c.sent).reduce((a, b) => a + b, 0) / n : NaN
    lines.push(
      `| ${op} | ${cell(d.timings[`memory ${op}`])} | ${cell(d.timings[`redis ${op}`])} | ${fixed(trips, 2)} | ` +
        `${c ? perOp(c.sent, n) : '–'} | ${c ? perOp(c.server, n) : '–'} |`,
    )
  }
  const fl = d.timings['redis floor']
  lines.push(
    `| *floor: fast-jwt verify + 1 EVALSHA* | | | ${cell(fl)} | 1 | EVALSHA 1 | EVALSHA 1, HGET 1 |`,
    '',
    `### \`sessions.verify\` against the floor, same client, ${d.options.inflight} calls in flight`,
    '',
    `Throughput with ${d.options.inflight} calls outstanding (as under HTTP load, so CPU cost shows rather than ` +
      `the round trip), ${d.options.pairs} pairs of ${d.options.sliceMs} ms slices alternating which goes first; ` +
      `ratio per pair, median (min–max). The CPU column is this process's user+system time per call ` +
      `(\`process.cpuUsage\`), which other processes' load on a shared machine barely moves; its ratio ` +
      `(floor µs / verify µs) is the throughput ratio the CPU cost alone implies.`,
    '',
    '| | calls/s | throughput ratio | client CPU µs per call | CPU ratio |',
    '| --- | ---: | ---: | ---: | ---: |',
    `| \`sessions.verify\` (redisStore on the client) | ${fmtSpread(d.libVerify, int)} | ${fmtSpread(d.verifyVsFloor, (x) => `${fixed(x, 3)}x`)} | ` +
      `${fmtSpread(d.libCpuUs, (x) => fixed(x, 1))} | ${fmtSpread(d.verifyVsFloorCpu, (x) => `${fixed(x, 3)}x`)} |`,
    `| floor: fast-jwt verify + EVALSHA (HGET) on the same client | ${fmtSpread(d.floor, int)} | 1x | ${fmtSpread(d.floorCpuUs, (x) => fixed(x, 1))} | 1x |`,
  )
  return lines.join('\n')
}
