import { createClient } from 'redis'
import { Redis } from 'ioredis'
import { redisStore } from '../../src/index.js'
import { cleanupPrefix, redisUrl, uniquePrefix } from '../helpers/redis.js'
import { runConformance } from './suite.js'

const prefix = uniquePrefix('conf')
runConformance('redis (own node-redis connection)', () => redisStore({ url: redisUrl(), keyPrefix: prefix }), {
  cleanup: () => cleanupPrefix(prefix),
})

const prefix2 = uniquePrefix('conf-nr')
runConformance('redis (user node-redis client)', async () => {
  const client = createClient({ url: redisUrl() })
  await client.connect()
  const store = redisStore({ client, keyPrefix: prefix2 })
  return Object.assign(Object.create(store) as typeof store, {
    close: async () => {
      await store.close()
      await client.close()
    },
  })
}, { cleanup: () => cleanupPrefix(prefix2) })

const prefix3 = uniquePrefix('conf-io')
runConformance('redis (user ioredis client)', () => {
  const client = new Redis(redisUrl(), { lazyConnect: false })
  const store = redisStore({ client, keyPrefix: prefix3 })
  return Object.assign(Object.create(store) as typeof store, {
    close: async () => {
      await store.close()
      await client.quit()
    },
  })
}, { cleanup: () => cleanupPrefix(prefix3) })
