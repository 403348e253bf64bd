import { afterAll } from 'vitest'
import { redisStore } from '../../src/index.js'
import { runRateLimitConformance, runStoreConformance } from '../../src/testing/index.js'
import { SentinelHarness } from '../helpers/sentinel.js'
import { uniquePrefix } from '../helpers/redis.js'

// Both suites through Sentinel (1 master, 1 replica, 3 sentinels): the store finds the master by
// asking the sentinels and sends every command there.
let h: Promise<SentinelHarness> | undefined
const harness = () => (h ??= SentinelHarness.start())
afterAll(async () => {
  await (await h)?.dispose()
})

const open = async (keyPrefix: string) => {
  const g = await harness()
  return redisStore({ sentinel: { name: g.name, sentinelRootNodes: g.sentinelRootNodes }, keyPrefix })
}
runStoreConformance('redis sentinel (own node-redis connection)', () => open(uniquePrefix('conf-sentinel')))
runRateLimitConformance('redis sentinel (own node-redis connection)', () => open(uniquePrefix('rlconf-sentinel')))
