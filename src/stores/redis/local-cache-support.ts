import { userKey } from '../keys.js'
import type { Lifetimes, LocalCacheSupport, VerifiedRecord } from '../types.js'
import { trackingFeed } from './invalidation.js'

interface RecordReader {
  verifyRecord(
    userId: string,
    key: string,
    now: number,
    touchAfterMs: number,
    life: Lifetimes,
    generation?: number,
  ): Promise<VerifiedRecord | null>
}

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
