import { join } from 'node:path'
import { spawnTs, firstMessage, stopChild } from '../lib/child.js'
import { machine, machineLine, ROOT } from '../lib/env.js'
import type { BenchOptions, Log, PartOutput } from '../lib/part.js'
import { BenchRedis } from '../lib/redis-server.js'
import { ensureSeeds, seedVersions } from '../lib/seeds.js'
import type { LoadJob, LoadResult } from './load.js'
import { httpMarkdown, summarise, type RoundResult } from './report.js'
import { missing, ROWS, type Row } from './rows.js'
import { httpChart } from './svg.js'

interface Ready {
  type: 'ready'
  port: number
  path: string
  headers: Record<string, string>
}

/** Starts the row's server, checks it authenticates, loads it from a second process, stops it. */
async function measure(row: Row, redisUrl: string, o: BenchOptions): Promise<LoadResult> {
  const server = spawnTs(join(ROOT, 'bench/http/server.ts'), [row.module, redisUrl])
  try {
    const ready = await firstMessage<Ready>(server, 30_000, `${row.id} server`)
    const url = `http://127.0.0.1:${ready.port}${ready.path}`
    const ok = await fetch(url, { headers: ready.headers })
    if (ok.status !== 200) throw new Error(`${row.id}: authenticated request answered ${ok.status}: ${(await ok.text()).slice(0, 200)}`)
    if (!row.open) {
      // Seed 000 answers 400 for a missing header; any 4xx shows the route does check credentials.
      const anon = await fetch(url)
      if (anon.status < 400 || anon.status > 499) throw new Error(`${row.id}: request without credentials answered ${anon.status}, not 4xx`)
    }
    const job: LoadJob = { url, headers: ready.headers, connections: o.connections, warmupSeconds: o.warmup, seconds: o.seconds }
    const load = spawnTs(join(ROOT, 'bench/http/load.ts'), [JSON.stringify(job)])
    return await firstMessage<LoadResult>(load, (o.warmup + o.seconds + 30) * 1000, `${row.id} load generator`)
  } finally {
    await stopChild(server)
  }
}

/** The HTTP comparison: every row, `rounds` times in rotated order, against one bench Redis. */
export async function runHttp(o: BenchOptions, log: Log): Promise<PartOutput> {
  const skipped: Array<{ row: Row; reason: string }> = []
  let rows = ROWS.filter((r) => !o.rows || o.rows.includes(r.id) || r.id === 'bare')
  const seedProblem = rows.some((r) => r.seed) ? ensureSeeds(log) : undefined
  rows = rows.filter((row) => {
    const reason = missing(row) ?? (row.seed ? seedProblem : undefined)
    if (reason) {
      skipped.push({ row, reason })
      log(`http: skipping ${row.id}: ${reason}`)
    }
    return !reason
  })
  const redis = await BenchRedis.start()
  const results: RoundResult[] = []
  const failed = new Map<string, string>()
  try {
    for (let round = 0; round < o.rounds; round++) {
      const order = rows.map((_, i) => rows[(i + round) % rows.length] as Row)
      for (const row of order) {
        if (failed.has(row.id)) continue
        try {
          const r = await measure(row, redis.url, o)
          results.push({ round, row: row.id, ...r })
          log(`http round ${round + 1}/${o.rounds} ${row.id.padEnd(16)} ${Math.round(r.rps).toString().padStart(6)} req/s  p99 ${r.p99ms} ms${r.non2xx || r.errors ? `  non-2xx ${r.non2xx} errors ${r.errors}` : ''}`)
        } catch (err) {
          const msg = err instanceof Error ? err.message : String(err)
          failed.set(row.id, msg)
          log(`http: ${row.id} failed, dropped from the remaining rounds: ${msg}`)
        }
      }
    }
  } finally {
    await redis.stop()
  }
  for (const [id, reason] of failed) {
    const row = rows.find((r) => r.id === id) as Row
    if (!results.some((r) => r.row === id)) skipped.push({ row, reason: `failed: ${reason.split('\n')[0]}` })
  }
  const m = machine(['autocannon', 'express-session', 'connect-redis'])
  Object.assign(m.packages, seedVersions())
  const summary = summarise(rows, results)
  const svg = httpChart(summary, `${m.cpu}, ${m.cores} cores · Node ${m.node} · Redis ${m.redis} · ${o.connections} connections · ${m.date.slice(0, 10)}`)
  return {
    markdown: httpMarkdown(summary, skipped, o, machineLine(m)),
    data: { machine: m, options: o, results, summary, skipped: skipped.map((s) => ({ id: s.row.id, reason: s.reason })) },
    files: { 'bench/results/http.svg': svg },
  }
}
