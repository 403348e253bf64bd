import type { RedisPort } from './port.js'
import type { PortOptions } from './shims/common.js'
import { ioredisPort, type IoRedisLike } from './shims/ioredis.js'
import { nodeRedisPort, type NodeRedisClientLike } from './shims/node-redis.js'
import { nodeRedisClusterPort, type NodeRedisClusterLike } from './shims/node-redis-cluster.js'
import { nodeRedisSentinelPort, type NodeRedisSentinelLike } from './shims/node-redis-sentinel.js'

/**
 * Which client a value is, and the port for it: the only place that tells clients apart. One shim
 * per client lives in `shims/`; we never import ioredis, and node-redis only where the library opens
 * its own connection, so neither is a hard dependency of this module.
 */
export type { PortOptions }

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

/** Wraps a client in the port. `owned` clients are closed by `close()`, others never. */
export function portFor(client: unknown, owned: boolean, opts: PortOptions = {}): RedisPort {
  switch (detectFlavour(client)) {
    case 'node-redis':
      return nodeRedisPort(client as NodeRedisClientLike, owned)
    case 'node-redis-cluster':
      return nodeRedisClusterPort(client as NodeRedisClusterLike, owned, opts)
    case 'node-redis-sentinel':
      return nodeRedisSentinelPort(client as NodeRedisSentinelLike, owned, opts)
    case 'ioredis':
      return ioredisPort(client as IoRedisLike, false, owned)
    case 'ioredis-cluster':
      return ioredisPort(client as IoRedisLike, true, owned)
    default:
      throw new TypeError('unsupported Redis client')
  }
}
