/**
 * Child process: the load generator (autocannon's API), kept out of the servers' processes so they
 * never share an event loop. Started once per run; takes one job per IPC message, runs its warm-up
 * then the measured run, and answers with the measured figures. Exits on `stop`.
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

const run = (job: LoadJob, duration: number) =>
  autocannon({ url: job.url, headers: job.headers, connections: job.connections, duration, pipelining: 1 })

async function measure(job: LoadJob): Promise<LoadResult> {
  if (job.warmupSeconds > 0) await run(job, job.warmupSeconds)
  const r = await run(job, job.seconds)
  return {
    rps: r.requests.total / (r.duration || job.seconds),
    requests: r.requests.total,
    p50ms: r.latency.p50,
    p99ms: r.latency.p99,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
  }
}

process.on('message', (msg: { type: string; job?: LoadJob }) => {
  if (msg.type === 'stop') process.exit(0)
  if (msg.type === 'job' && msg.job) {
    measure(msg.job).then(
      (result) => process.send?.({ type: 'result', result }),
      (err: unknown) => process.send?.({ type: 'error', message: String(err) }),
    )
  }
})
process.on('disconnect', () => process.exit(0))
process.send?.({ type: 'ready' })
