import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { runHttp } from '../http/index.js'
import { machine, machineLine, ROOT } from '../lib/env.js'
import type { BenchOptions, Log, PartOutput } from '../lib/part.js'
import { BenchRedis } from '../lib/redis-server.js'
import { fixed, int } from '../lib/stats.js'
import { measureVisibility, type Visibility } from './visibility.js'

/** The HTTP rows this part compares: each framework's bare route and floor, cache off and on. */
const HTTP_ROWS = [
  'bare',
  'floor',
  'jwts-header',
  'jwts-cache',
  'node-bare',
  'node-floor',
  'node-jwts',
  'node-jwts-cache',
]
const CACHED_SESSIONS = 100_000

interface MemoryFigures {
  sessions: number
  bytesPerEntry: number
  hitAllCached: number
  hitZipf: number
  zipfMax: number
  commandsOn: { total: number; byCommand: Record<string, number> }
  commandsOff: { total: number; byCommand: Record<string, number> }
  hitUs: number
  hmacUs: number
  mapUs: number
}

function memoryFigures(url: string, sessions: number): Promise<MemoryFigures> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', join(ROOT, 'bench/cache/memory-child.ts'), url, String(sessions)],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
    )
    let out = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    child.on('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as MemoryFigures)
        : reject(new Error(`memory child exited with ${code}`)),
    )
  })
}

const byCommand = (c: Record<string, number>) =>
  Object.entries(c)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${k} ${fixed(n, 1)}`)
    .join(', ') || 'none'

function markdown(http: string, v: Visibility, m: MemoryFigures, line: string): string {
  return `## Local session cache (\`localCache\`)

${line}

### HTTP auth, cache on and off

${http.replace(/^## .*\n/, '').replace(/^!\[.*\n/m, '')}

### Cross-instance revocation visibility

Two engines in two processes on one Redis, both with the cache on. For each of ${int(v.revocations)} sessions the
second engine answers the token from its cache, then polls \`verify\` while the first revokes; the delay runs from
the start of the revoking call to the first refusal.

| p50 | p99 | max | refused before the revoking call resolved |
| ---: | ---: | ---: | ---: |
| ${fixed(v.p50, 2)} ms | ${fixed(v.p99, 2)} ms | ${fixed(v.max, 2)} ms | ${int(v.beforeReturn)} of ${int(v.revocations)} |

### Redis commands per 1,000 authenticated requests

10,000 verifications over 1,000 sessions (after one warm-up pass), counted by \`INFO commandstats\`
(commands run inside a script are counted too).

| cache | commands per 1,000 | by command |
| --- | ---: | --- |
| off | ${fixed(m.commandsOff.total, 1)} | ${byCommand(m.commandsOff.byCommand)} |
| on | ${fixed(m.commandsOn.total, 1)} | ${byCommand(m.commandsOn.byCommand)} |

### Memory and hit ratio at ${int(m.sessions)} cached sessions

| figure | value |
| --- | ---: |
| heap per cached session (small data, after GC) | ${int(m.bytesPerEntry)} bytes |
| hit ratio, every session cached, uniform traffic | ${fixed(m.hitAllCached * 100, 1)} % |
| hit ratio, \`max: ${int(m.zipfMax)}\`, Zipf (s = 1) traffic over all sessions | ${fixed(m.hitZipf * 100, 1)} % |

### Would a verified-token cache pay?

| one sequential verify | µs |
| --- | ---: |
| cache hit (HS256 check + memory lookup + the deferred answer) | ${fixed(m.hitUs, 1)} |
| the HS256 signature check alone (fast-jwt) | ${fixed(m.hmacUs, 1)} |
| a Map lookup by the token string (what would replace it) | ${fixed(m.mapUs, 2)} |
`
}

/** `npm run bench -- cache`: the local session cache (docs/local-cache.md). */
export async function runCache(o: BenchOptions, log: Log): Promise<PartOutput> {
  const http = await runHttp({ ...o, rows: HTTP_ROWS }, log)
  const redis = await BenchRedis.start()
  try {
    log('cache: cross-instance visibility over 1,000 revocations')
    const vis = await measureVisibility(redis.url, 1000)
    log(`cache: visibility p50 ${fixed(vis.p50, 2)} ms, p99 ${fixed(vis.p99, 2)} ms`)
    log(`cache: memory and hit ratio at ${int(CACHED_SESSIONS)} sessions`)
    const mem = await memoryFigures(redis.url, CACHED_SESSIONS)
    log(
      `cache: ${int(mem.bytesPerEntry)} bytes per entry, commands per 1,000 on ${fixed(mem.commandsOn.total, 1)}, off ${fixed(mem.commandsOff.total, 1)}`,
    )
    const m = machine(['autocannon'])
    return {
      markdown: markdown(http.markdown, vis, mem, machineLine(m)),
      data: { machine: m, http: http.data, visibility: vis, memory: mem },
    }
  } finally {
    await redis.stop()
  }
}
