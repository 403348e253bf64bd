import { Redis } from 'ioredis'
import { createSentinel } from 'redis'
import { afterAll } from 'vitest'
import { redisStore } from '../../src/index.js'
import { uniquePrefix } from '../helpers/redis.js'
import { SentinelHarness } from '../helpers/sentinel.js'
import { runStoreConformance as runConformance } from '../../src/testing/index.js'
import { withClient } from '../helpers/with-client.js'

// Users' own Sentinel clients, passed as redisStore({ client }): the whole store contract.
let h: SentinelHarness | undefined
const harness = async () => (h ??= await SentinelHarness.start())
afterAll(async () => {
  await h?.dispose()
})

runConformance('redis sentinel (user node-redis createSentinel)', async () => {
  const hh = await harness()
  const client = createSentinel({ name: hh.name, sentinelRootNodes: hh.sentinelRootNodes })
  client.on('error', () => undefined)
  await client.connect()
  return withClient(redisStore({ client, keyPrefix: uniquePrefix('se-nr') }), () => client.close())
})

runConformance('redis sentinel (user ioredis with sentinels)', async () => {
  const hh = await harness()
  // docs/deployment.md: never re-send a command whose connection closed before its reply.
  const client = new Redis({
    sentinels: hh.sentinelRootNodes,
    name: hh.name,
    role: 'master',
    autoResendUnfulfilledCommands: false,
  })
  client.on('error', () => undefined)
  await new Promise<void>((resolve) => client.once('ready', () => resolve()))
  return withClient(redisStore({ client, keyPrefix: uniquePrefix('se-io') }), () => client.quit())
})
