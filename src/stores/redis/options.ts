import { ConfigError } from '../../errors/index.js'
import { rejectUnknownKeys } from '../../config/unknown-keys.js'

/**
 * The option names `redisStore` accepts, so that a typo (`keyprefix`) is a ConfigError naming the
 * closest valid name instead of a silently ignored option. node-redis options pass through to the
 * connection the library opens, so theirs are listed too (node-redis 6; its own `keyPrefix` is left
 * out on purpose: it would prefix keys a second time and break the hash tags).
 */
const OWN = ['url', 'client', 'port', 'cluster', 'sentinel', 'keyPrefix', 'commandTimeout', 'waitForReplicas', 'logger']
const COMMANDER = ['modules', 'functions', 'scripts', 'RESP', 'commandOptions', 'clientSideCache']
const NODE_REDIS_CLIENT = [
  ...COMMANDER,
  'socket',
  'username',
  'password',
  'credentialsProvider',
  'name',
  'database',
  'commandsQueueMaxLength',
  'disableOfflineQueue',
  'readonly',
  'pingInterval',
  'himportRegistry',
  'disableClientInfo',
  'clientInfoTag',
  'emitInvalidate',
  'maintNotifications',
  'maintEndpointType',
  'maintRelaxedCommandTimeout',
  'maintRelaxedSocketTimeout',
]
const CLUSTER = [
  ...COMMANDER,
  'rootNodes',
  'defaults',
  'minimizeConnections',
  'useReplicas',
  'maxCommandRedirections',
  'topologyRefreshOnReconnectionAttemptStrategy',
  'nodeAddressMap',
  'himportRegistry',
]
const SENTINEL = [
  ...COMMANDER,
  'name',
  'sentinels',
  'sentinelRootNodes',
  'maxCommandRediscovers',
  'nodeClientOptions',
  'sentinelClientOptions',
  'masterPoolSize',
  'replicaPoolSize',
  'nodeAddressMap',
  'scanInterval',
  'passthroughClientErrorEvents',
  'reserveClient',
]

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v)

/**
 * Refuses unknown keys in `redisStore` options and in their nested objects (`cluster`, `sentinel`,
 * `waitForReplicas`), and more than one way to connect. node-redis options are accepted only where
 * they have an effect: with none of `client`, `port`, `cluster`, `sentinel`.
 * @example checkRedisStoreOptions({ url: 'redis://127.0.0.1:6379', keyprefix: 'x:' }) // ConfigError naming "keyPrefix"
 */
export function checkRedisStoreOptions(o: Record<string, unknown>): void {
  const ways = (['url', 'client', 'port', 'cluster', 'sentinel'] as const).filter((k) => o[k] !== undefined)
  if (ways.length > 1)
    throw new ConfigError(`redisStore: give one of url, client, port, cluster or sentinel, not ${ways.join(' and ')}`)
  const ownConnection = ways.length === 0 || ways[0] === 'url'
  rejectUnknownKeys(o, ownConnection ? [...OWN, ...NODE_REDIS_CLIENT] : OWN, 'redisStore')
  if (o['cluster'] !== undefined) {
    if (!isObject(o['cluster']) || !Array.isArray(o['cluster']['rootNodes']))
      throw new ConfigError('redisStore: cluster.rootNodes must be an array of nodes')
    rejectUnknownKeys(o['cluster'], CLUSTER, 'redisStore cluster')
  }
  if (o['sentinel'] !== undefined) {
    if (!isObject(o['sentinel']) || typeof o['sentinel']['name'] !== 'string')
      throw new ConfigError('redisStore: sentinel.name must be the master group name')
    rejectUnknownKeys(o['sentinel'], SENTINEL, 'redisStore sentinel')
  }
  if (isObject(o['waitForReplicas']))
    rejectUnknownKeys(o['waitForReplicas'], ['replicas', 'timeout'], 'redisStore waitForReplicas')
}
