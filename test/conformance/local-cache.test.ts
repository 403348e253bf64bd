import { createClient } from 'redis'
import { redisStore } from '../../src/index.js'
import { cleanupPrefix, redisUrl, uniquePrefix } from '../helpers/redis.js'
import { withClient } from '../helpers/with-client.js'
import { runStoreConformance as runConformance } from '../../src/testing/index.js'

// The whole store contract again, through engines with the local session cache on: every answer a
// cached engine gives must be the answer the store gives.
const prefix = uniquePrefix('conf-lc')
runConformance('redis with localCache (own connection)', () => redisStore({ url: redisUrl(), keyPrefix: prefix }), {
  cleanup: () => cleanupPrefix(prefix),
  engine: { localCache: { max: 1000, heartbeat: '100ms' } },
})

const prefix2 = uniquePrefix('conf-lc-nr')
runConformance(
  'redis with localCache (user node-redis client)',
  async () => {
    const client = createClient({ url: redisUrl() })
    await client.connect()
    return withClient(redisStore({ client, keyPrefix: prefix2 }), () => client.close())
  },
  { cleanup: () => cleanupPrefix(prefix2), engine: { localCache: true } },
)
