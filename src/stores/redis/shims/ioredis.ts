import type { RedisPort } from '../port.js'
import { keySlot, normalise } from './common.js'

/** The part of an ioredis client (`new Redis()`) the shim uses. */
export interface IoRedisLike {
  call(command: string, ...args: string[]): Promise<unknown>
  status: string
  options?: { host?: string; port?: number }
  quit?: () => Promise<unknown>
}

/** The part of an ioredis cluster (`new Cluster()`) the shim uses. */
export interface IoRedisClusterLike extends IoRedisLike {
  nodes(role: 'master'): IoRedisLike[]
  /** slot number → node keys (`host:port`), master first. */
  slots?: string[][]
}

/**
 * The port over an ioredis client or cluster. We never import ioredis: it is matched by shape.
 * @example ioredisPort(new Redis(url), false, false)
 */
export function ioredisPort(c: IoRedisLike | IoRedisClusterLike, cluster: boolean, owned: boolean): RedisPort {
  const cl = c as IoRedisClusterLike
  const master = (key: string): IoRedisLike | undefined => {
    const addr = cl.slots?.[keySlot(key)]?.[0]
    return cl.nodes('master').find((n) => `${n.options?.host}:${n.options?.port}` === addr)
  }
  return {
    send: async (args, key) => {
      const [cmd, ...rest] = args
      // ioredis sends keyless commands to a random node; WAIT belongs with the write.
      const target = cluster && cmd === 'WAIT' && key !== undefined ? (master(key) ?? c) : c
      return normalise(await target.call(cmd as string, ...rest))
    },
    masters: async () =>
      cluster ? cl.nodes('master').map((n) => ioredisPort(n, false, false)) : [ioredisPort(c, false, false)],
    close: async () => {
      if (owned) await c.quit?.()
    },
  }
}
