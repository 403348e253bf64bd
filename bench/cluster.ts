/**
 * `verify` and `refresh` throughput on a Redis Cluster (3 masters + 3 replicas, own processes on
 * loopback) versus one redis-server, through the library's own node-redis connection. Also
 * `refresh` with `waitForReplicas` (WAIT for one replica) on the cluster.
 * Run alone: `npx tsx bench/cluster.ts`; `npm run bench -- cluster` includes it in BENCHMARKS.md.
 */
import { cpus, loadavg } from 'node:os'
import { pathToFileURL } from 'node:url'
import { createSessions, redisStore, type Sessions, type SessionStore, type TokenSet } from '../src/index.js'
import { RedisClusterHarness } from '../test/helpers/cluster.js'
import { RedisServer } from '../test/helpers/redis-server.js'

const SECRET = 'bench-cluster-secret-of-at-least-32-bytes!'
const IN_FLIGHT = 64
const SECONDS = Number(process.env.BENCH_CLUSTER_SECONDS ?? 4)
const ROUNDS = 3
const USERS = 2000

/** Runs `op` from IN_FLIGHT concurrent loops for SECONDS; calls per second. */
async function throughput(op: (worker: number) => Promise<unknown>): Promise<number> {
  let n = 0
  const end = performance.now() + SECONDS * 1000
  const start = performance.now()
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async (_, w) => {
      while (performance.now() < end) {
        await op(w)
        n++
      }
    }),
  )
  return n / ((performance.now() - start) / 1000)
}

interface Target {
  name: string
  store: SessionStore
}

async function measure(t: Target): Promise<{ verify: number[]; refresh: number[] }> {
  const s: Sessions<unknown> = createSessions({ store: t.store, secret: SECRET })
  const tokens: TokenSet[] = []
  for (let i = 0; i < USERS; i += 100)
    tokens.push(...(await Promise.all(Array.from({ length: 100 }, (_, j) => s.create(`user-${i + j}`)))))
  // Touch every session once so the timed verifies write nothing, as on most requests.
  for (const tk of tokens) await s.verify(tk.accessToken)
  const chains = tokens.slice(0, IN_FLIGHT)
  const out = { verify: [] as number[], refresh: [] as number[] }
  await throughput(async (w) => s.verify(tokens[(w * 31 + Math.floor(Math.random() * USERS)) % USERS]!.accessToken)) // warm-up
  for (let r = 0; r < ROUNDS; r++) {
    out.verify.push(await throughput(async () => s.verify(tokens[Math.floor(Math.random() * USERS)]!.accessToken)))
    out.refresh.push(
      await throughput(async (w) => {
        chains[w] = await s.refresh(chains[w]!.refreshToken)
      }),
    )
  }
  return out
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const fmt = (n: number) => Math.round(n).toLocaleString('en-US')

/** Runs the comparison and returns a markdown section. */
export async function run(): Promise<string> {
  const single = await RedisServer.start()
  const cluster = await RedisClusterHarness.start()
  const quiet = { warn: () => undefined }
  const targets: Target[] = [
    { name: 'single redis-server', store: redisStore({ url: single.url, keyPrefix: 'bench:', logger: quiet }) },
    {
      name: 'cluster, 3 masters + 3 replicas',
      store: redisStore({ cluster: { rootNodes: cluster.rootNodes }, keyPrefix: 'bench:', logger: quiet }),
    },
    {
      name: 'cluster, waitForReplicas 1',
      store: redisStore({
        cluster: { rootNodes: cluster.rootNodes },
        keyPrefix: 'bench2:',
        logger: quiet,
        waitForReplicas: { replicas: 1, timeout: '500ms' },
      }),
    },
  ]
  const rows: string[] = []
  try {
    for (const t of targets) {
      const m = await measure(t)
      rows.push(
        `| ${t.name} | ${fmt(median(m.verify))} (${m.verify.map(fmt).join(', ')}) | ${fmt(median(m.refresh))} (${m.refresh.map(fmt).join(', ')}) |`,
      )
    }
  } finally {
    for (const t of targets) await t.store.close().catch(() => undefined)
    await cluster.dispose()
    await single.dispose()
  }
  return [
    '## Cluster versus single node',
    '',
    `Machine: ${cpus().length} cores (${cpus()[0]?.model.trim()}), load average at start ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}; Node ${process.version}. ` +
      "Every Redis process, the cluster's six and the single server, runs on this same machine on loopback with no persistence; " +
      `one Node process drives the load with ${IN_FLIGHT} calls in flight, through the library's own node-redis connection.`,
    '',
    `Calls per second, median of ${ROUNDS} rounds of ${SECONDS} s (each round in parentheses). ${USERS.toLocaleString('en-US')} sessions of ` +
      `${USERS.toLocaleString('en-US')} users; verify picks one at random per call (after a pass that touched them all, so it writes nothing); ` +
      `refresh rotates ${IN_FLIGHT} independent sessions, one chain per loop.`,
    '',
    '| target | verify/s | refresh/s |',
    '| --- | ---: | ---: |',
    ...rows,
    '',
    'With one client process on two cores the Node side (JWS verification, HMAC, the client library) is the bottleneck, so these ' +
      "figures show the cost of cluster routing, not the cluster's capacity, which grows with masters and application processes. " +
      'The last row adds one WAIT per refresh: the price of an acknowledged copy on a replica.',
    '',
  ].join('\n')
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  run().then(
    (md) => {
      console.log(md)
      process.exit(0)
    },
    (err: unknown) => {
      console.error(err)
      process.exit(1)
    },
  )
}
