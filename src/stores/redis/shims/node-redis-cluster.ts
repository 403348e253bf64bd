import type { RedisPort } from '../port.js'
import { normalise, withDeadline, type PortOptions } from './common.js'
import { nodeRedisPort, type NodeRedisClientLike } from './node-redis.js'

/** The part of a node-redis cluster (`createCluster`) the shim uses. */
export interface NodeRedisClusterLike {
  sendCommand(
    firstKey: string | undefined,
    isReadonly: boolean | undefined,
    args: readonly string[],
    options?: unknown,
  ): Promise<unknown>
  nodeClient(node: unknown): Promise<NodeRedisClientLike> | NodeRedisClientLike
  /** node-redis 6: the slot master's own connection (where a write just went). */
  getNodeClientForKey?(key: string, isReadonly?: boolean): Promise<NodeRedisClientLike>
  masters: unknown[]
  close?: () => Promise<void>
}

/**
 * The port over a node-redis cluster: every command to the master of its key's slot.
 * @example nodeRedisClusterPort(createCluster({ rootNodes }), true, { deadlineMs: 1000 })
 */
export function nodeRedisClusterPort(c: NodeRedisClusterLike, owned: boolean, opts: PortOptions): RedisPort {
  return {
    send: async (args, key) => {
      // node-redis fans a keyless WAIT out to every shard; it must run on the connection that
      // just wrote `key`, which is its slot master's.
      if (args[0] === 'WAIT' && key !== undefined && c.getNodeClientForKey) {
        return normalise(await (await c.getNodeClientForKey(key, false)).sendCommand(args))
      }
      // Scripts write, so never route to a replica (isReadonly false): revocation must be
      // current. node-redis retries only on MOVED/ASK, which are refusals: nothing runs twice.
      return normalise(await withDeadline(opts, (options) => c.sendCommand(key, false, args, options)))
    },
    masters: async () => Promise.all(c.masters.map(async (m) => nodeRedisPort(await c.nodeClient(m), false))),
    close: async () => {
      if (owned) await c.close?.()
    },
  }
}
