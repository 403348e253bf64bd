import type { ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { firstMessage, spawnTs, stopChild } from '../lib/child.js'
import { machine, machineLine, ROOT } from '../lib/env.js'
import type { BenchOptions, Log, PartOutput } from '../lib/part.js'
import { BenchRedis } from '../lib/redis-server.js'
import { ensureSeeds, seedVersions } from '../lib/seeds.js'
import type { LoadJob, LoadResult } from './load.js'
import { httpMarkdown, summarise, type RoundResult } from './report.js'
import { frameworkOf, missing, ROWS, type Row } from './rows.js'
import './rows-telemetry.js' // registers the metrics on/off pair
import { httpChart } from './svg.js'

interface Ready {
  type: 'ready'
  port: number
  path: string
  headers: Record<string, string>
}

type Child = ChildProcess & { stderrText(): string }

interface Running {
  row: Row
  child: Child
  job: Omit<LoadJob, 'warmupSeconds' | 'seconds' | 'connections'>
}

/** Starts a row's server and checks that it answers 200 with its credentials and 4xx without. */
async function startRow(row: Row, redisUrl: string): Promise<Running> {
  const child = spawnTs(join(ROOT, 'bench/http/server.ts'), [row.module, redisUrl, row.entry ?? 'setup'])
  try {
    const ready = await firstMessage<Ready>(child, 30_000, `${row.id} server`)
    const url = `http://127.0.0.1:${ready.port}${ready.path}`
    const ok = await fetch(url, { headers: ready.headers })
    if (ok.status !== 200)
      throw new Error(`authenticated request answered ${ok.status}: ${(await ok.text()).slice(0, 200)}`)
    if (!row.open) {
      // Seed 000 answers 400 for a missing header; any 4xx shows the route does check credentials.
      const anon = await fetch(url)
      if (anon.status < 400 || anon.status > 499)
        throw new Error(`request without credentials answered ${anon.status}, not 4xx`)
    }
    return { row, child, job: { url, headers: ready.headers } }
  } catch (err) {
    await stopChild(child)
    throw err
  }
}

async function load(gen: Child, job: LoadJob): Promise<LoadResult> {
  gen.send({ type: 'job', job })
  const reply = await firstMessage<{ type: string; result?: LoadResult; message?: string }>(
    gen,
    (job.warmupSeconds + job.seconds + 30) * 1000,
    'load generator',
  )
  if (reply.type !== 'result' || !reply.result) throw new Error(`load generator: ${reply.message ?? 'no result'}`)
  return reply.result
}

/**
 * The HTTP comparison. Every row's server is started once, in its own process, and idles while the
 * others are loaded; one load-generator process measures them one at a time, `rounds` times in an
 * order rotated by one each round, against one bench Redis.
 */
export async function runHttp(o: BenchOptions, log: Log): Promise<PartOutput> {
  const skipped: Array<{ row: Row; reason: string }> = []
  // A framework's bare route and floor run whenever one of its rows does: its ratios need them.
  const picked = ROWS.filter((r) => !o.rows || o.rows.includes(r.id) || r.id === 'bare')
  const wanted = ROWS.filter(
    (r) => picked.includes(r) || (r.base !== undefined && picked.some((p) => frameworkOf(p) === frameworkOf(r))),
  )
  const seedProblem = wanted.some((r) => r.seed) ? ensureSeeds(log) : undefined
  const redis = await BenchRedis.start()
  const running: Running[] = []
  const results: RoundResult[] = []
  let gen: Child | undefined
  try {
    for (const row of wanted) {
      const reason = missing(row) ?? (row.seed ? seedProblem : undefined)
      if (reason) {
        skipped.push({ row, reason })
        log(`http: skipping ${row.id}: ${reason}`)
        continue
      }
      try {
        running.push(await startRow(row, redis.url))
      } catch (err) {
        const msg = err instanceof Error ? err.message : String(err)
        skipped.push({ row, reason: `failed to start: ${msg.split('\n')[0]}` })
        log(`http: skipping ${row.id}: ${msg}`)
      }
    }
    gen = spawnTs(join(ROOT, 'bench/http/load.ts'), [])
    await firstMessage(gen, 30_000, 'load generator')
    // One untimed pass first: every server's JIT and connections warm before round 1.
    for (const r of running) await load(gen, { ...r.job, connections: o.connections, warmupSeconds: 0, seconds: 2 })
    for (let round = 0; round < o.rounds; round++) {
      const order = running.map((_, i) => running[(i + round) % running.length] as Running)
      for (const r of order) {
        const res = await load(gen, {
          ...r.job,
          connections: o.connections,
          warmupSeconds: o.warmup,
          seconds: o.seconds,
        })
        results.push({ round, row: r.row.id, ...res })
        const bad = res.non2xx + res.errors + res.timeouts
        log(
          `http round ${round + 1}/${o.rounds} ${r.row.id.padEnd(16)} ${Math.round(res.rps).toString().padStart(6)} req/s  p99 ${res.p99ms} ms${bad ? `  non-2xx ${res.non2xx} errors ${res.errors} timeouts ${res.timeouts}` : ''}`,
        )
      }
    }
  } finally {
    if (gen) await stopChild(gen)
    for (const r of running) await stopChild(r.child)
    await redis.stop()
  }
  const m = machine(['autocannon', 'express-session', 'connect-redis', 'fastify', 'koa', 'hono', '@hono/node-server'])
  Object.assign(m.packages, seedVersions())
  const rows = running.map((r) => r.row)
  const summary = summarise(rows, results)
  const svg = httpChart(
    summary,
    `${m.cpu}, ${m.cores} cores · Node ${m.node} · Redis ${m.redis} · ${o.connections} connections · ${m.date.slice(0, 10)}`,
  )
  return {
    markdown: httpMarkdown(summary, skipped, o, machineLine(m)),
    data: {
      machine: m,
      options: o,
      results,
      summary,
      skipped: skipped.map((s) => ({ id: s.row.id, reason: s.reason })),
    },
    files: { 'bench/results/http.svg': svg },
  }
}
