import { Bench } from 'tinybench'
import { createSessions, memoryStore, redisStore, type Sessions } from '../../src/index.js'
import { machine, machineLine } from '../lib/env.js'
import type { BenchOptions, Log, PartOutput } from '../lib/part.js'
import { BenchRedis } from '../lib/redis-server.js'
import { median, spread } from '../lib/stats.js'
import { countingClient, type Counts } from './counting.js'
import { makeFloor, throughput, type Throughput } from './floor.js'
import { makeOps } from './ops.js'
import { coreMarkdown, type Timing } from './report.js'

const SECRET = 'bench-secret-0123456789abcdef-0123456789abcdef'
const PREFIX = 'bench:'
const COUNT_ITERATIONS = 200
const INFLIGHT = 50
const PAIRS = 20
const SLICE_MS = 300

function timingOf(task: { name: string; result: unknown }): Timing {
  const r = task.result as {
    state: string
    error?: Error
    latency?: { mean: number; p50: number; p99: number; samplesCount?: number }
    throughput?: { mean: number }
  }
  if (r.state !== 'completed' || !r.latency || !r.throughput)
    throw new Error(`${task.name}: ${r.state}${r.error ? `: ${r.error.message}` : ''}`)
  return { meanMs: r.latency.mean, p50Ms: r.latency.p50, p99Ms: r.latency.p99, opsPerSec: r.throughput.mean }
}

/** In-process: each operation on both stores (tinybench), round trips counted, verify vs the floor. */
export async function runCore(o: BenchOptions, log: Log): Promise<PartOutput> {
  const redis = await BenchRedis.start()
  const counter = await countingClient(redis.url)
  const plain = await countingClient(redis.url)
  const closers: Array<() => Promise<void>> = []
  try {
    const mem = createSessions({ store: memoryStore(), secret: SECRET })
    // Timing on an unwrapped client (the counting wrapper is installed but its tally is never read).
    const red = createSessions({ store: redisStore({ client: plain.client, keyPrefix: PREFIX }), secret: SECRET })
    const counted = createSessions({ store: redisStore({ client: counter.client, keyPrefix: PREFIX }), secret: SECRET })
    closers.push(
      () => mem.close(),
      () => red.close(),
      () => counted.close(),
      () => counter.close(),
      () => plain.close(),
    )

    const bench = new Bench({ time: o.time, warmupTime: Math.min(300, o.time / 3) })
    const stores: Array<[string, Sessions]> = [
      ['memory', mem],
      ['redis', red],
    ]
    for (const [store, sessions] of stores) {
      for (const op of await makeOps(sessions, `t-${store}`)) {
        bench.add(`${store} ${op.name}`, op.run, op.before ? { beforeEach: op.before } : {})
      }
    }
    const floor = await makeFloor(plain.client, SECRET, PREFIX)
    const floorTokens = await Promise.all(Array.from({ length: 100 }, (_, i) => red.create(`f-${i % 20}`)))
    let f = 0
    const floorToken = () => floorTokens[f++ % floorTokens.length]!.accessToken
    bench.add('redis floor', () => floor(floorToken()))
    log(`core: tinybench, ${bench.tasks.length} tasks of ${o.time} ms`)
    await bench.run()
    const timings: Record<string, Timing> = {}
    for (const t of bench.tasks) timings[t.name] = timingOf(t)

    log(`core: verify vs floor, ${INFLIGHT} in flight, ${PAIRS} pairs of ${SLICE_MS} ms`)
    const lib: Throughput[] = []
    const flo: Throughput[] = []
    let v = 0
    const libVerify = () => red.verify(floorTokens[v++ % floorTokens.length]!.accessToken)
    const floorCall = () => floor(floorToken())
    await throughput(libVerify, 300, INFLIGHT)
    await throughput(floorCall, 300, INFLIGHT)
    for (let pair = 0; pair < PAIRS; pair++) {
      // Short slices, alternating which goes first: drift on a shared machine hits both alike.
      if (pair % 2 === 0) {
        lib.push(await throughput(libVerify, SLICE_MS, INFLIGHT))
        flo.push(await throughput(floorCall, SLICE_MS, INFLIGHT))
      } else {
        flo.push(await throughput(floorCall, SLICE_MS, INFLIGHT))
        lib.push(await throughput(libVerify, SLICE_MS, INFLIGHT))
      }
    }
    const ratios = lib.map((l, i) => l.rate / flo[i]!.rate)
    const cpuRatios = lib.map((l, i) => flo[i]!.cpuUs / l.cpuUs)
    log(
      `core: verify/floor throughput ratio median ${median(ratios).toFixed(3)}, CPU-per-call ratio ${median(cpuRatios).toFixed(3)}`,
    )

    log(`core: round trips, ${COUNT_ITERATIONS} calls per operation`)
    const counts: Record<string, Counts> = {}
    for (const op of await makeOps(counted, 'n')) counts[op.name] = await counter.measure(op, COUNT_ITERATIONS)
    const m = machine(['tinybench'])
    const data = {
      machine: m,
      options: { time: o.time, inflight: INFLIGHT, countIterations: COUNT_ITERATIONS, pairs: PAIRS, sliceMs: SLICE_MS },
      timings,
      counts,
      libVerify: spread(lib.map((t) => t.rate)),
      floor: spread(flo.map((t) => t.rate)),
      libCpuUs: spread(lib.map((t) => t.cpuUs)),
      floorCpuUs: spread(flo.map((t) => t.cpuUs)),
      verifyVsFloor: spread(ratios),
      verifyVsFloorCpu: spread(cpuRatios),
    }
    return { markdown: coreMarkdown(data, machineLine(m)), data }
  } finally {
    for (const c of closers) await c().catch(() => undefined)
    await redis.stop()
  }
}
