import { userKey } from '../keys.js'
import type { LocalCacheSupport } from '../types.js'
import { trackingFeed } from './invalidation.js'

type RecordReader = Pick<LocalCacheSupport, 'verifyRecord'>

/**
 * The Redis store's side of the local session cache: invalidations by client tracking on every node
 * (`<keyPrefix>u:` covers every user hash and nothing else) and the record-reading verify.
 * Throws ConfigError for an ioredis client.
 */
export function localCacheSupport(
  store: RecordReader,
  client: unknown,
  keyPrefix: string,
  heartbeatMs: number,
  sentinelNodeOptions?: Record<string, unknown>,
): LocalCacheSupport {
  const feed = trackingFeed({
    client,
    prefix: `${keyPrefix}u:`,
    heartbeatMs,
    ...(sentinelNodeOptions ? { sentinelNodeOptions } : {}),
  })
  return {
    feed,
    userKey: (userId) => userKey(keyPrefix, userId),
    verifyRecord: (...a) => store.verifyRecord(...a),
  }
}
