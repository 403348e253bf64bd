/**
 * The cost of `revokeAccessOnRefresh` on `sessions.verify`: the same Redis, the same client, two
 * engines (option off and on) verifying tokens of sessions that were refreshed once. Side by side:
 * round trips per call, sequential latency, and throughput with 50 calls in flight in alternating
 * slices (so drift on a shared machine hits both alike).
 */
import { createSessions, redisStore, type Sessions } from '../../src/index.js'
import { machine, machineLine } from '../lib/env.js'
import type { BenchOptions, Log, PartOutput } from '../lib/part.js'
import { BenchRedis } from '../lib/redis-server.js'
import { fmtSpread, int, quantile, spread, us } from '../lib/stats.js'
import { countingClient } from './counting.js'
import { throughput } from './floor.js'

const SECRET = 'bench-secret-0123456789abcdef-0123456789abcdef'
const INFLIGHT = 50
const PAIRS = 20
const SLICE_MS = 300
const SEQUENTIAL = 3000

/** 100 access tokens of 100 sessions, each refreshed once (so a bound token names generation 1). */
async function tokens(s: Sessions, tag: string): Promise<string[]> {
  const out: string[] = []
  for (let i = 0; i < 100; i++)
    out.push((await s.refresh((await s.create(`${tag}-${i % 20}`)).refreshToken)).accessToken)
  return out
}

function cycle(s: Sessions, list: string[]): () => Promise<unknown> {
  let i = 0
  return () => s.verify(list[i++ % list.length] as string)
}

/** Redis's own time per EVALSHA (µs, `INFO commandstats`) over `n` calls: the script's cost alone. */
async function serverUsPerCall(
  counter: Awaited<ReturnType<typeof countingClient>>,
  fn: () => Promise<unknown>,
  n: number,
): Promise<number> {
  await counter.client.sendCommand(['CONFIG', 'RESETSTAT'])
  for (let i = 0; i < n; i++) await fn()
  const text = String(await counter.client.sendCommand(['INFO', 'commandstats']))
  return Number(/^cmdstat_evalsha:.*usec_per_call=([\d.]+)/m.exec(text)?.[1] ?? NaN)
}

async function sequential(fn: () => Promise<unknown>): Promise<{ p50Us: number; p99Us: number }> {
  const t: number[] = []
  for (let i = 0; i < SEQUENTIAL; i++) {
    const t0 = performance.now()
    await fn()
    t.push(performance.now() - t0)
  }
  return { p50Us: quantile(t, 0.5) * 1000, p99Us: quantile(t, 0.99) * 1000 }
}

/** `npm run bench -- revoke-access`. */
export async function runRevokeAccess(_o: BenchOptions, log: Log): Promise<PartOutput> {
  const redis = await BenchRedis.start()
  const counter = await countingClient(redis.url)
  const engines: Sessions[] = []
  try {
    const store = redisStore({ client: counter.client, keyPrefix: 'bench-gen:' })
    const off = createSessions({ store, secret: SECRET })
    const on = createSessions({ store, secret: SECRET, revokeAccessOnRefresh: true })
    engines.push(off, on)
    const run = { off: cycle(off, await tokens(off, 'off')), on: cycle(on, await tokens(on, 'on')) }

    // Warm up first: the script is loaded (EVAL after NOSCRIPT) before anything is counted.
    await sequential(run.off)
    await sequential(run.on)
    const trips = {
      off: await counter.measure({ name: 'off', run: run.off }, 200),
      on: await counter.measure({ name: 'on', run: run.on }, 200),
    }
    log(
      `revoke-access: round trips sent per 200 verifies: off ${JSON.stringify(trips.off.sent)}, on ${JSON.stringify(trips.on.sent)}`,
    )
    const lat = { off: await sequential(run.off), on: await sequential(run.on) }
    const server = { off: [] as number[], on: [] as number[] }
    for (let i = 0; i < 6; i++)
      for (const k of i % 2 ? (['on', 'off'] as const) : (['off', 'on'] as const))
        server[k].push(await serverUsPerCall(counter, run[k], 1000))

    const rates: { off: number[]; on: number[]; offCpu: number[]; onCpu: number[] } = {
      off: [],
      on: [],
      offCpu: [],
      onCpu: [],
    }
    await throughput(run.off, 300, INFLIGHT)
    await throughput(run.on, 300, INFLIGHT)
    for (let pair = 0; pair < PAIRS; pair++) {
      const order: Array<'off' | 'on'> = pair % 2 === 0 ? ['off', 'on'] : ['on', 'off']
      for (const k of order) {
        const t = await throughput(run[k], SLICE_MS, INFLIGHT)
        rates[k].push(t.rate)
        rates[k === 'off' ? 'offCpu' : 'onCpu'].push(t.cpuUs)
      }
    }
    const ratio = spread(rates.on.map((r, i) => r / (rates.off[i] as number)))
    log(`revoke-access: on/off throughput ratio median ${ratio.median.toFixed(3)}`)
    const m = machine()
    const data = {
      machine: m,
      lat,
      trips,
      serverUs: { off: spread(server.off), on: spread(server.on) },
      off: spread(rates.off),
      on: spread(rates.on),
      offCpuUs: spread(rates.offCpu),
      onCpuUs: spread(rates.onCpu),
      ratio,
    }
    const md = [
      '## `revokeAccessOnRefresh`: cost on verify',
      '',
      machineLine(m),
      '',
      `The same node-redis client and redis-server, two engines (option off and on), each verifying 100 tokens of sessions refreshed once. Sequential: ${SEQUENTIAL} calls one at a time. Redis µs per EVALSHA: \`INFO commandstats\` after \`CONFIG RESETSTAT\` and 1,000 calls, 6 runs each, alternating. Throughput: ${INFLIGHT} calls in flight, ${PAIRS} pairs of ${SLICE_MS} ms slices alternating which goes first; median (min–max).`,
      '',
      '| verify | commands sent per call | p50 / p99 µs | calls/s | client CPU µs per call | Redis µs per EVALSHA |',
      '| --- | ---: | ---: | ---: | ---: | ---: |',
      ...(['off', 'on'] as const).map(
        (k) =>
          `| option ${k} | ${(Object.values(trips[k].sent).reduce((a, b) => a + b, 0) / 200).toFixed(2)} | ${us(lat[k].p50Us / 1000)} / ${us(lat[k].p99Us / 1000)} | ${fmtSpread(data[k], int)} | ${fmtSpread(data[k === 'off' ? 'offCpuUs' : 'onCpuUs'], (n) => n.toFixed(1))} | ${fmtSpread(data.serverUs[k], (n) => n.toFixed(2))} |`,
      ),
      '',
      `Throughput ratio on/off per pair: ${fmtSpread(ratio, (n) => `${n.toFixed(3)}x`)}.`,
    ]
    return { markdown: md.join('\n'), data }
  } finally {
    for (const e of engines) await e.close().catch(() => undefined)
    await counter.close().catch(() => undefined)
    await redis.stop()
  }
}
