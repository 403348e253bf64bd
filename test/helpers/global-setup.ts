import type { TestProject } from 'vitest/node'
import { newKeys, TEST_KEY_PREFIX, testKeysByDb } from './leftover-keys.js'
import { hasRedisServerBinary, pingRedis, RedisServer } from './redis-server.js'

import type {} from './redis.js' // the ProvidedContext augmentation

/**
 * Finds the Redis the tests talk to: REDIS_URL when set, else 127.0.0.1:6379 when it answers,
 * else a redis-server from PATH on a free port (stopped afterwards). With none, fail with a fix.
 * Tests isolate themselves by key prefix, so a shared server is safe. At the end the run fails when
 * test keys (prefix `test:`) remain in any database that were not there at the start: run the suite
 * against a Redis no other test run writes to at the same time.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let url = process.env.REDIS_URL
  let owned: RedisServer | undefined
  if (!url) {
    if (await pingRedis('127.0.0.1', 6379)) url = 'redis://127.0.0.1:6379'
    else if (hasRedisServerBinary()) {
      owned = await RedisServer.start()
      url = owned.url
    } else {
      throw new Error(
        'The tests need Redis: set REDIS_URL, run one on 127.0.0.1:6379, or install redis-server ' +
          '(Debian/Ubuntu: sudo apt-get install redis-server; macOS: brew install redis).',
      )
    }
  }
  process.env.REDIS_URL = url
  project.provide('redisUrl', url)
  const testUrl = url
  // Every test cleans up after itself: test keys that were not there before the run are a leak.
  const before = await testKeysByDb(testUrl)
  return async () => {
    try {
      const leaked = newKeys(before, await testKeysByDb(testUrl))
      if (leaked.length > 0) {
        throw new Error(
          `The tests left ${leaked.length} key(s) with the "${TEST_KEY_PREFIX}" prefix in ${testUrl}; every test must delete the keys it writes:\n  ${leaked.join('\n  ')}`,
        )
      }
    } finally {
      await owned?.dispose()
    }
  }
}
