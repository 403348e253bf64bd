import { Redis } from 'ioredis'
import { redisStore, type RedisPort, type RedisReply } from '../../src/index.js'
import { runRateLimitConformance, runStoreConformance } from '../../src/testing/index.js'
import { cleanupPrefix, redisUrl, uniquePrefix } from '../helpers/redis.js'
import { withClient } from '../helpers/with-client.js'

// redisStore({ port }): any object implementing RedisPort is a Redis client to the store. This one
// is the few lines a user would write for a client the library has no shim for (here ioredis's
// generic `call`, used directly rather than through the built-in shim).
function handWrittenPort(io: Redis): RedisPort {
  const port: RedisPort = {
    send: async (args) => (await io.call(args[0]!, ...args.slice(1))) as RedisReply,
    masters: async () => [port],
    close: async () => undefined,
  }
  return port
}

for (const suite of ['store', 'rate limit'] as const) {
  const prefix = uniquePrefix(suite === 'store' ? 'conf-port' : 'rlconf-port')
  const open = () => {
    const io = new Redis(redisUrl())
    return withClient(redisStore({ port: handWrittenPort(io), keyPrefix: prefix }), async () => {
      await cleanupPrefix(prefix)
      await io.quit()
    })
  }
  if (suite === 'store') runStoreConformance('redis (a hand-written RedisPort)', open)
  else runRateLimitConformance('redis (a hand-written RedisPort)', open)
}
