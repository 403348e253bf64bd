import { Cluster } from 'ioredis'
import { createCluster } from 'redis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSessions, redisStore } from '../../src/index.js'
import { userKey } from '../../src/stores/keys.js'
import { ask, info, RedisClusterHarness } from '../helpers/cluster.js'
import { uniquePrefix } from '../helpers/redis.js'
import { runStoreConformance as runConformance } from '../../src/testing/index.js'
import { withClient } from '../helpers/with-client.js'

// Users' own cluster clients, passed as redisStore({ client }): the whole store contract, and WAIT
// (waitForReplicas) reaching the master that holds the user's slot. One cluster for the file.
let h: RedisClusterHarness | undefined
const harness = async () => (h ??= await RedisClusterHarness.start())
afterAll(async () => {
  await h?.dispose()
})

/**
 * The options docs/deployment.md recommends for ioredis: masters only, no blind re-send of a
 * command whose connection closed, no delayed retries. (Its offline queue must stay on: node
 * connections open lazily and would otherwise refuse the first commands.)
 */
const ioredisOptions = {
  scaleReads: 'master' as const,
  retryDelayOnFailover: 0,
  retryDelayOnClusterDown: 0,
  retryDelayOnTryAgain: 0,
  redisOptions: { autoResendUnfulfilledCommands: false },
}

async function ioredisCluster(): Promise<Cluster> {
  const c = new Cluster(
    (await harness()).liveNodes().map((n) => ({ host: '127.0.0.1', port: n.port })),
    ioredisOptions,
  )
  c.on('error', () => undefined)
  await new Promise<void>((resolve, reject) => {
    c.once('ready', resolve)
    c.once('error', reject)
  })
  return c
}

runConformance('redis cluster (user node-redis createCluster)', async () => {
  const client = createCluster({ rootNodes: (await harness()).rootNodes })
  client.on('error', () => undefined)
  await client.connect()
  return withClient(redisStore({ client, keyPrefix: uniquePrefix('cl-nr') }), () => client.close())
})

runConformance('redis cluster (user ioredis Cluster)', async () => {
  const client = await ioredisCluster()
  return withClient(redisStore({ client, keyPrefix: uniquePrefix('cl-io') }), () => client.quit())
})

describe("waitForReplicas with users' cluster clients", () => {
  const clients: Array<() => Promise<unknown>> = []
  beforeAll(harness)
  afterAll(async () => {
    for (const close of clients) await close()
  })

  for (const kind of ['node-redis', 'ioredis'] as const) {
    it(`${kind}: WAIT runs on the master of the user's slot and nowhere else`, async () => {
      const hh = await harness()
      let client: unknown
      if (kind === 'node-redis') {
        const c = createCluster({ rootNodes: hh.rootNodes })
        c.on('error', () => undefined)
        await c.connect()
        clients.push(() => c.close())
        client = c
      } else {
        const c = await ioredisCluster()
        clients.push(() => c.quit())
        client = c
      }
      const prefix = uniquePrefix(`wait-${kind}`)
      const sessions = createSessions({
        store: redisStore({ client, keyPrefix: prefix, waitForReplicas: { replicas: 1, timeout: '500ms' } }),
        secret: 'x'.repeat(40),
      })
      const users = ['ann', 'bob', 'cyd', 'dee', 'eve', 'fay']
      for (const user of users) {
        const owner = await hh.masterFor(userKey(prefix, user))
        await Promise.all(hh.liveNodes().map((n) => ask(n.port, ['CONFIG', 'RESETSTAT'])))
        const t = await sessions.create(user)
        await sessions.refresh(t.refreshToken)
        for (const n of hh.liveNodes()) {
          const calls = Number(/calls=(\d+)/.exec((await info(n.port, 'commandstats'))['cmdstat_wait'] ?? '')?.[1] ?? 0)
          expect(calls, `WAIT calls on ${n.port} (owner ${owner})`).toBe(n.port === owner ? 2 : 0)
        }
      }
    })
  }
})
