import type { RedisPort } from '../port.js'
import { normalise } from './common.js'

/** The part of a node-redis client (`createClient`) the shim uses. */
export interface NodeRedisClientLike {
  sendCommand(args: readonly string[], options?: unknown): Promise<unknown>
  isOpen: boolean
  close?: () => Promise<void>
  quit?: () => Promise<void>
}

/**
 * The port over a node-redis single-node client. `owned` clients are closed by `close()`, others never.
 * @example nodeRedisPort(createClient({ url }), true)
 */
export function nodeRedisPort(c: NodeRedisClientLike, owned: boolean): RedisPort {
  const port: RedisPort = {
    send: (args) => c.sendCommand(args).then(normalise),
    masters: async () => [nodeRedisPort(c, false)],
    close: async () => {
      if (owned && c.isOpen) await (c.close ?? c.quit)?.call(c)
    },
  }
  return port
}
