import { createClient } from 'redis'
import { Redis } from 'ioredis'
import { redisStore } from '../../src/index.js'
import { cleanupPrefix, redisUrl, uniquePrefix } from '../helpers/redis.js'
import { withClient } from '../helpers/with-client.js'
import { runConformance } from './suite.js'

const prefix = uniquePrefix('conf')
runConformance('redis (own node-redis connection)', () => redisStore({ url: redisUrl(), keyPrefix: prefix }), {
  cleanup: () => cleanupPrefix(prefix),
})

const prefix2 = uniquePrefix('conf-nr')
runConformance('redis (user node-redis client)', async () => {
  const client = createClient({ url: redisUrl() })
  await client.connect()
  return withClient(redisStore({ client, keyPrefix: prefix2 }), () => client.close())
}, { cleanup: () => cleanupPrefix(prefix2) })

const prefix3 = uniquePrefix('conf-io')
runConformance('redis (user ioredis client)', () => {
  const client = new Redis(redisUrl(), { lazyConnect: false })
  return withClient(redisStore({ client, keyPrefix: prefix3 }), () => client.quit())
}, { cleanup: () => cleanupPrefix(prefix3) })
