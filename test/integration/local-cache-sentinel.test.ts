// The local cache through Sentinel: the channel follows the master the sentinels name, and a
// failover (the master killed) is a lost channel: bypass, refusal after the promotion, hits again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Sessions } from '../../src/index.js'
import { codeOf } from '../helpers/code-of.js'
import { waitUntil } from '../helpers/cluster.js'
import { cacheAndWriter, revokeAcrossFailover, scriptCalls } from '../helpers/local-cache.js'
import { SentinelHarness } from '../helpers/sentinel.js'

describe('local cache through Sentinel', () => {
  let h: SentinelHarness
  let cached: Sessions
  let writer: Sessions
  const fromCache = (token: string) =>
    waitUntil(
      'verify answers from the cache',
      async () => {
        const port = (await h.reportedMaster())!
        const before = await scriptCalls(port)
        await cached.verify(token)
        return (await scriptCalls(port)) === before
      },
      15_000,
    )

  beforeAll(async () => {
    h = await SentinelHarness.start()
    const sentinel = { name: h.name, sentinelRootNodes: h.sentinelRootNodes }
    ;({ cached, writer } = cacheAndWriter({ sentinel, keyPrefix: 'lcs:' }))
  }, 120_000)
  afterAll(async () => {
    await cached?.close()
    await writer?.close()
    await h?.dispose()
  })

  it('hits, a revocation seen, and a master failover without a stale accept', async () => {
    const t = await writer.create('s1')
    await fromCache(t.accessToken)
    expect(await writer.revoke(t.sessionId)).toBe(true)
    expect(await codeOf(cached.verify(t.accessToken))).toBe('SESSION_REVOKED')

    const t2 = await writer.create('s2')
    await fromCache(t2.accessToken)
    await new Promise((r) => setTimeout(r, 200))
    await h.killMaster()
    const promoted = () => h.waitForPromotion()
    await revokeAcrossFailover({ cached, writer }, t2, promoted, { bypassMs: 3000, failoverMs: 30_000 })
    const t3 = await writer.create('s3')
    await fromCache(t3.accessToken)
  }, 120_000)
})
