/**
 * Cost of the rate limiter per request. Two measurements, both in one process:
 *  1. tinybench on one limiter decision (`limiter.consume`), memory and Redis, admitted and refused;
 *  2. autocannon against the same Express route bare, behind a memory limiter, behind a Redis one.
 * Figures depend on the machine and on the load generator sharing the CPU; compare rows, not runs.
 * `npm run bench -- rate-limit` (through bench/run.ts) or alone: `npx tsx bench/rate-limit.ts`.
 */
import type { AddressInfo } from 'node:net'
import { randomBytes } from 'node:crypto'
import { cpus, loadavg } from 'node:os'
import autocannon from 'autocannon'
import express from 'express'
import { Bench } from 'tinybench'
import { createRateLimit } from '../src/adapters/express/rate-limit.js'
import { createLimiter } from '../src/http/rate-limit/limiter.js'
import { memoryStore, redisStore } from '../src/index.js'
import type { SessionStore } from '../src/stores/types.js'

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'
const SECONDS = Number(process.env.RL_BENCH_SECONDS ?? 3)
const ROUNDS = Number(process.env.RL_BENCH_ROUNDS ?? 3)
const CONNECTIONS = 20
// Spread hits over 1000 clients with a limit nobody reaches, so the admitted path is measured.
const clients = Array.from({ length: 1000 }, (_, i) => `c${i}`)
const anyClient = () => clients[(Math.random() * clients.length) | 0] as string

const fmt = (n: number, digits = 1) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })

async function decisions(mem: SessionStore, redis: SessionStore): Promise<string> {
  const bench = new Bench({ time: 1500, warmup: true })
  const view = { ip: '203.0.113.1', method: 'GET', mount: '/x', userId: undefined, raw: undefined }
  const admit = (store: SessionStore) =>
    createLimiter(store, { limit: 1e6, window: '1m', name: 'bench', key: () => anyClient() })
  const refuse = (store: SessionStore) => createLimiter(store, { limit: 1, window: '1h', name: 'bench-full' })
  const [ma, mr, ra, rr] = [admit(mem), refuse(mem), admit(redis), refuse(redis)]
  await rr.consume(view)
  await mr.consume(view)
  bench
    .add('memory, admitted', () => ma.consume(view).then(() => undefined))
    .add('memory, refused (429)', () => mr.consume(view).then(() => undefined))
    .add('Redis, admitted (1 EVALSHA)', () => ra.consume(view).then(() => undefined))
    .add('Redis, refused (429)', () => rr.consume(view).then(() => undefined))
  await bench.run()
  const rows = bench.tasks.map((t) => {
    const r = t.result
    if (r.state !== 'completed') return `| ${t.name} | ${r.state} | | |`
    return `| ${t.name} | ${fmt(r.latency.mean * 1000)} | ${fmt(r.latency.p99 * 1000)} | ${fmt(r.throughput.mean, 0)} |`
  })
  return [
    '| one decision, sequential | mean µs | p99 µs | decisions/s |',
    '| --- | ---: | ---: | ---: |',
    ...rows,
  ].join('\n')
}

interface LoadResult {
  name: string
  rps: number
  p50: number
  p99: number
  /** Process CPU time (user + system, server and load generator together) per request, µs. */
  cpuUs: number
  non2xx: number
}

async function load(name: string, handler: express.RequestHandler | undefined): Promise<LoadResult> {
  const app = express()
  if (handler) app.get('/x', handler, (_q, r) => void r.send('ok'))
  else app.get('/x', (_q, r) => void r.send('ok'))
  const server = app.listen(0, '127.0.0.1')
  await new Promise((r) => server.once('listening', r))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/x`
  await autocannon({ url, connections: CONNECTIONS, duration: 1 }) // warm-up
  const cpu0 = process.cpuUsage()
  const res = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS })
  const cpu = process.cpuUsage(cpu0)
  server.closeAllConnections()
  await new Promise((r) => server.close(r))
  const cpuUs = (cpu.user + cpu.system) / Math.max(1, res.requests.total)
  return { name, rps: res.requests.average, p50: res.latency.p50, p99: res.latency.p99, cpuUs, non2xx: res.non2xx }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number

async function http(mem: SessionStore, redis: SessionStore): Promise<string> {
  const opts = { limit: 1e6, window: '1m', key: () => anyClient() }
  const variants: Array<[string, express.RequestHandler | undefined]> = [
    ['bare route', undefined],
    ['memory limiter', createRateLimit(mem, { ...opts, name: 'bench-http-mem' })],
    ['Redis limiter', createRateLimit(redis, { ...opts, name: 'bench-http-redis' })],
  ]
  // Rounds interleave the variants so that background load hits them alike; medians are reported.
  const runs: LoadResult[][] = variants.map(() => [])
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, [name, handler]] of variants.entries()) runs[i]!.push(await load(name, handler))
  }
  const rows = runs.map((rs) => ({
    name: rs[0]!.name,
    rps: median(rs.map((r) => r.rps)),
    p50: median(rs.map((r) => r.p50)),
    p99: median(rs.map((r) => r.p99)),
    cpuUs: median(rs.map((r) => r.cpuUs)),
    non2xx: rs.reduce((n, r) => n + r.non2xx, 0),
  }))
  const base = rows[0]!.cpuUs
  const out = rows.map((r, i) => {
    const d = r.cpuUs - base
    const added = i === 0 ? '—' : `${d < 0 ? '−' : '+'}${fmt(Math.abs(d))}`
    return `| ${r.name} | ${fmt(r.rps, 0)} | ${r.p50} | ${r.p99} | ${fmt(r.cpuUs)} | ${added} | ${r.non2xx} |`
  })
  return [
    `| Express 5 GET, ${CONNECTIONS} connections, median of ${ROUNDS} × ${SECONDS} s | req/s | p50 ms | p99 ms | CPU µs/req | limiter CPU µs/req | non-2xx |`,
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...out,
  ].join('\n')
}

/** Runs both measurements; resolves to a markdown section. */
export async function run(): Promise<string> {
  const prefix = `bench:rl:${randomBytes(4).toString('hex')}:`
  const mem = memoryStore()
  const redis = redisStore({ url: REDIS_URL, keyPrefix: prefix }) as SessionStore & {
    port: { send(a: string[], k?: string): Promise<unknown> }
  }
  try {
    await redis.ping()
    const d = await decisions(mem, redis)
    const h = await http(mem, redis)
    return [
      '## Rate limiting',
      '',
      `Node ${process.version}, ${cpus().length} cores (load average ${loadavg()[0]!.toFixed(1)} at start), Redis at ${REDIS_URL} (loopback). Sliding-window log; the limit is never reached except in the refused rows; 1000 client keys.`,
      '',
      d,
      '',
      h,
      '',
      "CPU µs/req is this process's user+system CPU time (server and in-process load generator) divided by requests served; the limiter's cost is its difference from the bare route. It does not include the Redis server's own CPU. Throughput figures move with machine load; the CPU cost per request is the steadier figure.",
    ].join('\n')
  } finally {
    await cleanup(redis, prefix)
    await mem.close()
    await redis.close()
  }
}

async function cleanup(store: { port: { send(a: string[], k?: string): Promise<unknown> } }, prefix: string) {
  let cursor = '0'
  do {
    const [next, keys] = (await store.port.send(['SCAN', cursor, 'MATCH', `${prefix}*`, 'COUNT', '1000'])) as [
      string,
      string[],
    ]
    cursor = next
    for (const k of keys) await store.port.send(['DEL', k], k)
  } while (cursor !== '0')
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(await run())
}
