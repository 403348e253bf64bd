import { afterAll } from 'vitest'
import { redisStore } from '../../src/index.js'
import { RedisClusterHarness } from '../helpers/cluster.js'
import { uniquePrefix } from '../helpers/redis.js'
import { runConformance } from './suite.js'

// The whole store contract on a real 3-master, 3-replica Redis Cluster: every script must address
// one hash slot (a CROSSSLOT error would fail these tests), and admin counts visit every master.
let harness: RedisClusterHarness | undefined
afterAll(async () => {
  await harness?.dispose()
})

runConformance('redis cluster (own node-redis connection)', async () => {
  harness = await RedisClusterHarness.start()
  return redisStore({ cluster: { rootNodes: harness.rootNodes }, keyPrefix: uniquePrefix('conf-cluster') })
})
