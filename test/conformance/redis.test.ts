import { createClient } from 'redis'
import { Redis } from 'ioredis'
import { redisStore } from '../../src/index.js'
import { runRateLimitConformance, runStoreConformance } from '../../src/testing/index.js'
import { cleanupPrefix, redisUrl, uniquePrefix } from '../helpers/redis.js'
import { withClient } from '../helpers/with-client.js'

// Both suites on a single Redis: through the library's own connection, a user's node-redis client
// and a user's ioredis client.
const clients: Array<[string, (keyPrefix: string) => Promise<ReturnType<typeof redisStore>>]> = [
  ['own node-redis connection', async (keyPrefix) => redisStore({ url: redisUrl(), keyPrefix })],
  [
    'user node-redis client',
    async (keyPrefix) => {
      const client = createClient({ url: redisUrl() })
      await client.connect()
      return withClient(redisStore({ client, keyPrefix }), () => client.close())
    },
  ],
  [
    'user ioredis client',
    async (keyPrefix) => {
      const client = new Redis(redisUrl(), { lazyConnect: false })
      return withClient(redisStore({ client, keyPrefix }), () => client.quit())
    },
  ],
]

for (const [name, open] of clients) {
  const prefix = uniquePrefix('conf')
  runStoreConformance(`redis (${name})`, () => open(prefix), { cleanup: () => cleanupPrefix(prefix) })
  const rlPrefix = uniquePrefix('rlconf')
  runRateLimitConformance(`redis (${name})`, async () => {
    const store = await open(rlPrefix)
    return withClient(store, () => cleanupPrefix(rlPrefix))
  })
}
