import type { RedisPort, RedisReply } from './port.js'

/**
 * Duck-typed views of the clients we accept. We never import ioredis, and node-redis only where
 * the library opens its own connection, so neither is a hard dependency of this module.
 */
interface NodeRedisClientLike {
  sendCommand(args: readonly string[], options?: unknown): Promise<unknown>
  isOpen: boolean
}
interface NodeRedisClusterLike {
  sendCommand(firstKey: string | undefined, isReadonly: boolean | undefined, args: readonly string[]): Promise<unknown>
  nodeClient(node: unknown): Promise<NodeRedisClientLike> | NodeRedisClientLike
  masters: unknown[]
}
interface NodeRedisSentinelLike {
  sendCommand(isReadonly: boolean | undefined, args: readonly string[]): Promise<unknown>
  use: unknown
}
interface IoRedisLike {
  call(command: string, ...args: string[]): Promise<unknown>
  status: string
}
interface IoRedisClusterLike extends IoRedisLike {
  nodes(role: 'master'): IoRedisLike[]
}

/** Which client a value is; detection by shape so that duplicated package copies still work. */
export type ClientFlavour = 'node-redis' | 'node-redis-cluster' | 'node-redis-sentinel' | 'ioredis' | 'ioredis-cluster'

export function detectFlavour(client: unknown): ClientFlavour | undefined {
  if (client === null || typeof client !== 'object') return undefined
  const c = client as Record<string, unknown>
  if (typeof c['call'] === 'function' && typeof c['status'] === 'string') {
    return typeof c['nodes'] === 'function' ? 'ioredis-cluster' : 'ioredis'
  }
  if (typeof c['sendCommand'] !== 'function') return undefined
  if (typeof c['nodeClient'] === 'function' && 'masters' in c) return 'node-redis-cluster'
  if (typeof c['use'] === 'function' && typeof c['_execute'] === 'function') return 'node-redis-sentinel'
  if ('isOpen' in c) return 'node-redis'
  return undefined
}

// ioredis hands back Buffers only when asked; node-redis may return numbers as strings in RESP3
// maps, which we never use. Normalise to the small reply union the port promises.
function normalise(reply: unknown): RedisReply {
  if (reply === null || reply === undefined) return null
  if (typeof reply === 'string' || typeof reply === 'number') return reply
  if (typeof reply === 'bigint') return Number(reply)
  if (Buffer.isBuffer(reply)) return reply.toString('utf8')
  if (Array.isArray(reply)) return reply.map(normalise)
  return String(reply)
}

/** Wraps a client in the port. `owned` clients are closed by `close()`, others never. */
export function portFor(client: unknown, owned: boolean): RedisPort {
  const flavour = detectFlavour(client)
  switch (flavour) {
    case 'node-redis': {
      const c = client as NodeRedisClientLike & { close?: () => Promise<void>; quit?: () => Promise<void> }
      return {
        send: async (args) => normalise(await c.sendCommand(args)),
        masters: async () => [portFor(client, false)],
        close: async () => {
          if (owned && c.isOpen) await (c.close ?? c.quit)?.call(c)
        },
      }
    }
    case 'node-redis-cluster': {
      const c = client as NodeRedisClusterLike & { close?: () => Promise<void> }
      return {
        // Scripts write, so never route to a replica (isReadonly false): revocation must be current.
        send: async (args, key) => normalise(await c.sendCommand(key, false, args)),
        masters: async () => Promise.all(c.masters.map(async (m) => portFor(await c.nodeClient(m), false))),
        close: async () => {
          if (owned) await c.close?.()
        },
      }
    }
    case 'node-redis-sentinel': {
      const c = client as NodeRedisSentinelLike & { close?: () => Promise<void> }
      return {
        send: async (args) => normalise(await c.sendCommand(false, args)),
        masters: async () => [portFor(client, false)],
        close: async () => {
          if (owned) await c.close?.()
        },
      }
    }
    case 'ioredis':
    case 'ioredis-cluster': {
      const c = client as IoRedisClusterLike & { quit?: () => Promise<unknown> }
      return {
        send: async (args) => {
          const [cmd, ...rest] = args
          return normalise(await c.call(cmd as string, ...rest))
        },
        masters: async () =>
          flavour === 'ioredis-cluster' ? c.nodes('master').map((n) => portFor(n, false)) : [portFor(client, false)],
        close: async () => {
          if (owned) await c.quit?.()
        },
      }
    }
    default:
      throw new TypeError('unsupported Redis client')
  }
}
