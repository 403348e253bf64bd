import type { RedisPort } from '../port.js'
import { neverRan, normalise, withDeadline, type PortOptions } from './common.js'
import type { NodeRedisClientLike } from './node-redis.js'

/** The part of a node-redis Sentinel client (`createSentinel`) the shim uses. */
export interface NodeRedisSentinelLike {
  sendCommand(isReadonly: boolean | undefined, args: readonly string[], options?: unknown): Promise<unknown>
  _execute?<T>(isReadonly: boolean | undefined, fn: (client: NodeRedisClientLike) => Promise<T>): Promise<T>
  use: unknown
  close?: () => Promise<void>
}

/**
 * The port over a node-redis Sentinel client: every command to the current master, re-sent after
 * a failover only when the first attempt provably never ran.
 * @example nodeRedisSentinelPort(createSentinel({ name, sentinelRootNodes }), true, { deadlineMs: 1000 })
 */
export function nodeRedisSentinelPort(c: NodeRedisSentinelLike, owned: boolean, opts: PortOptions): RedisPort {
  const port: RedisPort = {
    send: (args) =>
      withDeadline(opts, async (options) => {
        if (!c._execute) return normalise(await c.sendCommand(false, args, options))
        // node-redis re-sends a command to the new master when the connection dropped while it
        // was in flight, which could apply a rotation or a rate-limit hit twice. Allow a second
        // attempt only when the first provably never ran.
        let blocked: unknown
        const reply = await c._execute(false, async (node) => {
          if (blocked !== undefined) throw blocked
          try {
            return await node.sendCommand(args, options)
          } catch (err) {
            if (!neverRan(err)) blocked = err
            throw err
          }
        })
        return normalise(reply)
      }),
    masters: async () => [nodeRedisSentinelPort(c, false, opts)],
    close: async () => {
      if (owned) await c.close?.()
    },
  }
  return port
}
