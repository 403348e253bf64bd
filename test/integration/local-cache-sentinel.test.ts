// The local cache through Sentinel: the channel follows the master the sentinels name, and a
// failover (the master killed) is a lost channel: bypass, refusal after the promotion, hits again.
import { describe, expect, it } from 'vitest'
import { codeOf } from '../helpers/code-of.js'
import { answeredFromCache, revokeAcrossFailover, scriptCalls, useFailoverPair } from '../helpers/local-cache.js'
import { SentinelHarness } from '../helpers/sentinel.js'

describe('local cache through Sentinel', () => {
  const pair = useFailoverPair(
    () => SentinelHarness.start(),
    (h) => ({ sentinel: { name: h.name, sentinelRootNodes: h.sentinelRootNodes }, keyPrefix: 'lcs:' }),
  )
  const fromCache = (token: string) =>
    answeredFromCache(pair.cached, token, async () => scriptCalls((await pair.h.reportedMaster())!))

  it('hits, a revocation seen, and a master failover without a stale accept', async () => {
    const { h, cached, writer } = pair
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
