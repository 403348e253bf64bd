/**
 * Child process: the load generator (autocannon's API), kept out of the server's process so the
 * two never share an event loop. Reads one JSON job from argv, runs a warm-up then the measured
 * run, and reports the measured figures over IPC.
 */
import autocannon from 'autocannon'

export interface LoadJob {
  url: string
  headers: Record<string, string>
  connections: number
  warmupSeconds: number
  seconds: number
}

export interface LoadResult {
  rps: number
  requests: number
  p50ms: number
  p99ms: number
  non2xx: number
  errors: number
  timeouts: number
}

const job = JSON.parse(process.argv[2] ?? '{}') as LoadJob

const run = (duration: number) =>
  autocannon({ url: job.url, headers: job.headers, connections: job.connections, duration, pipelining: 1 })

if (job.warmupSeconds > 0) await run(job.warmupSeconds)
const r = await run(job.seconds)
const result: LoadResult = {
  rps: r.requests.total / (r.duration || job.seconds),
  requests: r.requests.total,
  p50ms: r.latency.p50,
  p99ms: r.latency.p99,
  non2xx: r.non2xx,
  errors: r.errors,
  timeouts: r.timeouts,
}
process.send?.(result, () => process.exit(0))
