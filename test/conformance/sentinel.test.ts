import { afterAll } from 'vitest'
import { redisStore } from '../../src/index.js'
import { SentinelHarness } from '../helpers/sentinel.js'
import { uniquePrefix } from '../helpers/redis.js'
import { runConformance } from './suite.js'

// The whole store contract through Sentinel (1 master, 1 replica, 3 sentinels): the store finds
// the master by asking the sentinels and sends every command there.
let harness: SentinelHarness | undefined
afterAll(async () => {
  await harness?.dispose()
})

runConformance('redis sentinel (own node-redis connection)', async () => {
  harness = await SentinelHarness.start()
  return redisStore({ sentinel: { name: harness.name, sentinelRootNodes: harness.sentinelRootNodes }, keyPrefix: uniquePrefix('conf-sentinel') })
})
