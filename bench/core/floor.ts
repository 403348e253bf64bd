import { createVerifier } from 'fast-jwt'
import { userKey } from '../../src/stores/keys.js'
import type { NodeRedis } from './counting.js'

/** The script of the floor: one read of the session's field, nothing else. */
export const FLOOR_SCRIPT = "return redis.call('HGET', KEYS[1], ARGV[1])"

/**
 * The issue-2 floor for one access token of the library: fast-jwt HS256 verify with the settings the
 * library uses (pinned algorithm, no cache), then one EVALSHA on the same client, reading the very
 * field the library's verify reads. No claim checks, no expiry logic, no data: a lower bound.
 */
export async function makeFloor(
  client: NodeRedis,
  secret: string,
  keyPrefix: string,
): Promise<(token: string) => Promise<unknown>> {
  const sha = String(await client.sendCommand(['SCRIPT', 'LOAD', FLOOR_SCRIPT]))
  const verify = createVerifier({ key: secret, algorithms: ['HS256'], cache: false }) as (t: string) => {
    sub: string
    sid: string
  }
  return async (token) => {
    const { sub, sid } = verify(token)
    const hit = await client.sendCommand([
      'EVALSHA',
      sha,
      '1',
      userKey(keyPrefix, sub),
      sid.slice(sid.indexOf('.') + 1),
    ])
    if (hit === null) throw new Error('floor: no such session')
    return hit
  }
}

export interface Throughput {
  /** Calls completed per second of wall time. */
  rate: number
  /** This process's CPU time (user + system) per call, µs: barely moved by other processes' load. */
  cpuUs: number
}

/** Throughput with `inflight` calls outstanding at all times, for `ms` milliseconds. */
export async function throughput(fn: () => Promise<unknown>, ms: number, inflight: number): Promise<Throughput> {
  let n = 0
  const start = performance.now()
  const cpu0 = process.cpuUsage()
  const end = start + ms
  const worker = async () => {
    while (performance.now() < end) {
      await fn()
      n++
    }
  }
  await Promise.all(Array.from({ length: inflight }, worker))
  const cpu = process.cpuUsage(cpu0)
  return { rate: n / ((performance.now() - start) / 1000), cpuUs: (cpu.user + cpu.system) / n }
}
