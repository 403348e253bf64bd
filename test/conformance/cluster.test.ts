import { afterAll } from 'vitest'
import { redisStore } from '../../src/index.js'
import { runRateLimitConformance, runStoreConformance } from '../../src/testing/index.js'
import { RedisClusterHarness } from '../helpers/cluster.js'
import { uniquePrefix } from '../helpers/redis.js'

// Both suites on a real 3-master, 3-replica Redis Cluster: every script must address one hash slot
// (a CROSSSLOT error would fail these tests), and admin counts visit every master.
let h: Promise<RedisClusterHarness> | undefined
const harness = () => (h ??= RedisClusterHarness.start())
afterAll(async () => {
  await (await h)?.dispose()
})

runStoreConformance('redis cluster (own node-redis connection)', async () => {
  return redisStore({ cluster: { rootNodes: (await harness()).rootNodes }, keyPrefix: uniquePrefix('conf-cluster') })
})
runRateLimitConformance('redis cluster (own node-redis connection)', async () => {
  return redisStore({ cluster: { rootNodes: (await harness()).rootNodes }, keyPrefix: uniquePrefix('rlconf-cluster') })
})
