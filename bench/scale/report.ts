import { fixed, fmtSpread, int, type Spread } from '../lib/stats.js'
import type { Latency } from './latency.js'
import type { PerUser } from './per-user.js'

export interface Bytes {
  sessions: number
  keys: number
  /** Sum of MEMORY USAGE over every key under the prefix. */
  memoryUsage: number
  perSession: number
  /** used_memory growth since the baseline (includes allocator and dict overhead). */
  usedMemoryDelta: number
  usedPerSession: number
}

interface Mem {
  used: number
  rss: number
  dataset: number
}

export interface ScaleData {
  sessions: number
  perUser: number
  fill: { seconds: number; perSecond: number }
  bytesMid: Bytes
  bytesN: Bytes
  keyspace: { keys: number; expires: number }
  verify1k: Latency
  verifyN: Latency
  p99Ratio: number
  p99BlockRatio: Spread
  users: PerUser[]
  expiry: {
    sessions: number
    ttlSeconds: number
    fillSeconds: number
    before: Mem
    peak: Mem
    peakKeys: { keys: number; expires: number }
    after: Mem
    keysLeft: number
    waitedSeconds: number
    expiredKeys: number
  }
}

const ms3 = (n: number) => fixed(n, 3)
const mb = (n: number) => `${fixed(n / 2 ** 20, 1)} MiB`

export function scaleMarkdown(d: ScaleData, machine: string): string {
  const n = int(d.sessions)
  const e = d.expiry
  const lines = [
    `## Scale: ${n} sessions`,
    '',
    machine,
    '',
    `Settings: each measurement on its own redis-server (no persistence, default config), sessions made ` +
      `through \`sessions.create(userId)\` with default options (no data, no meta), ${d.perUser} per user, ` +
      `256 calls in flight (node-redis pipelines them): ${int(d.fill.perSecond)} sessions/s, ` +
      `${fixed(d.fill.seconds, 0)} s for ${n}.`,
    '',
    '### Redis bytes per session',
    '',
    'Sum of `MEMORY USAGE <key> SAMPLES 0` over every key under the prefix (found with SCAN), divided by ' +
      'the sessions; the second figure is the growth of `used_memory`, which adds the keyspace dictionary ' +
      'and allocator overhead.',
    '',
    '| sessions | keys | MEMORY USAGE sum | bytes per session | used_memory growth per session |',
    '| ---: | ---: | ---: | ---: | ---: |',
  ]
  for (const b of d.sessions > d.bytesMid.sessions ? [d.bytesMid, d.bytesN] : [d.bytesN]) {
    lines.push(
      `| ${int(b.sessions)} | ${int(b.keys)} | ${mb(b.memoryUsage)} | ${fixed(b.perSession, 1)} | ${fixed(b.usedPerSession, 1)} |`,
    )
  }
  lines.push(
    '',
    `At ${n} sessions Redis reported ${int(d.keyspace.keys)} keys, ${int(d.keyspace.expires)} of them with a TTL.`,
    '',
    '### `verify` latency: 1,000 sessions versus ' + n,
    '',
    `One call at a time, ${int(d.verify1k.samples)} calls on each server in 10 alternating blocks, after a pass ` +
      'that touched every sampled session (so the timed calls write nothing, as on most requests). Tokens: ' +
      `all 1,000 on the small server, ${int(1000)} sampled across the fill on the large one. Times in ms.`,
    '',
    '| sessions in Redis | p50 | p99 | mean |',
    '| ---: | ---: | ---: | ---: |',
    `| 1,000 | ${ms3(d.verify1k.p50)} | ${ms3(d.verify1k.p99)} | ${ms3(d.verify1k.mean)} |`,
    `| ${n} | ${ms3(d.verifyN.p50)} | ${ms3(d.verifyN.p99)} | ${ms3(d.verifyN.mean)} |`,
    '',
    `p99 at ${n} / p99 at 1,000: ${fixed(d.p99Ratio, 2)}x over all samples; per block ${fmtSpread(d.p99BlockRatio, (x) => `${fixed(x, 2)}x`)}.`,
    '',
    '### `list` and `revokeAll` for one user, with the large fill in place',
    '',
    'Users of 1 and 100 sessions are made with `sessions.create`; the 10,000-session user is written ' +
      "straight into its hash in the library's record format (making it one `create` at a time costs O(n²), " +
      "since each create scans the user's hash to prune expired sessions; the last column shows one such create). " +
      '`revokeAll` runs on a freshly refilled user each time; round trips are the EVALSHA calls the server counted. Times in ms, median (min–max).',
    '',
    '| sessions of the user | list | list p99 | revokeAll | revokeAll round trips | one create at that size |',
    '| ---: | ---: | ---: | ---: | ---: | ---: |',
  )
  for (const u of d.users) {
    lines.push(
      `| ${int(u.sessions)} | ${fmtSpread(u.list, ms3)} (${u.listRuns} runs) | ${ms3(u.list.p99)} | ${fmtSpread(u.revokeAll, ms3)} (${u.revokeAllRuns} runs) | ` +
        `${fixed(u.revokeAllRoundTrips, 0)} | ${ms3(u.createAtSize)} |`,
    )
  }
  lines.push(
    '',
    `### Memory after ${int(e.sessions)} sessions have expired`,
    '',
    `A fresh server; ${int(e.sessions)} sessions made with \`refreshTokenTtl\` and \`sessionTtl\` of ${e.ttlSeconds} s ` +
      `(filled in ${fixed(e.fillSeconds, 0)} s, so the earliest had expired before the last were made), then ` +
      "nothing but waiting for Redis's own expiry.",
    '',
    '| | keys | used_memory | used_memory_rss |',
    '| --- | ---: | ---: | ---: |',
    `| before the fill (scripts loaded) | 0 | ${mb(e.before.used)} | ${mb(e.before.rss)} |`,
    `| at the end of the fill | ${int(e.peakKeys.keys)} (${int(e.peakKeys.expires)} with a TTL) | ${mb(e.peak.used)} | ${mb(e.peak.rss)} |`,
    `| ${fixed(e.waitedSeconds, 0)} s later | ${int(e.keysLeft)} | ${mb(e.after.used)} | ${mb(e.after.rss)} |`,
    '',
    e.keysLeft === 0
      ? `Nothing was left behind: every key expired (${int(e.expiredKeys)} expired by Redis), and used_memory returned to ${mb(e.after.used)} from ${mb(e.before.used)} before the fill (RSS stays higher: the allocator keeps freed pages).`
      : `**${int(e.keysLeft)} keys were still present** when the wait ended.`,
  )
  return lines.join('\n')
}
