// The local cache on Redis Cluster: one tracking channel per master. A master failover cuts the
// channel of the slot's master: the cache is flushed and bypassed until the promoted master is
// tracked, so a revocation on the new master is refused, and hits resume afterwards.
import { describe, expect, it } from 'vitest'
import { userKey } from '../../src/stores/keys.js'
import { codeOf } from '../helpers/code-of.js'
import { info, RedisClusterHarness } from '../helpers/cluster.js'
import {
  answeredFromCache as answeredFromCacheOf,
  revokeAcrossFailover,
  useFailoverPair,
} from '../helpers/local-cache.js'
import { uniquePrefix } from '../helpers/redis.js'

describe('local cache on Redis Cluster', () => {
  const prefix = uniquePrefix('lc-cluster')
  const pair = useFailoverPair(
    () => RedisClusterHarness.start(),
    (h) => ({ cluster: { rootNodes: h.rootNodes }, keyPrefix: prefix }),
  )

  /** EVALSHA + EVAL calls over every live node. */
  const scripts = async () => {
    let n = 0
    for (const node of pair.h.liveNodes()) {
      const s = await info(node.port, 'commandstats')
      for (const c of ['evalsha', 'eval']) n += Number(/calls=(\d+)/.exec(s[`cmdstat_${c}`] ?? '')?.[1] ?? 0)
    }
    return n
  }
  const answeredFromCache = (token: string) => answeredFromCacheOf(pair.cached, token, scripts)

  it('serves hits for users on every master, and sees revocations on each', async () => {
    const { h, cached, writer } = pair
    const users = Array.from({ length: 12 }, (_, i) => `spread-${i}`)
    expect(new Set(await Promise.all(users.map((u) => h.masterFor(userKey(prefix, u))))).size).toBe(3)
    const tokens = await Promise.all(users.map((u) => writer.create(u)))
    for (const t of tokens) await answeredFromCache(t.accessToken)
    for (const t of tokens) expect(await writer.revoke(t.sessionId)).toBe(true)
    for (const t of tokens) expect(await codeOf(cached.verify(t.accessToken))).toBe('SESSION_REVOKED')
  }, 60_000)

  it('master failover: no stale accept during or after it, and the cache serves again', async () => {
    const { h, cached, writer } = pair
    let victim = ''
    for (let i = 0; !victim; i++)
      if ((await h.replicasOf(await h.masterFor(userKey(prefix, `fo-${i}`)))).length > 0) victim = `fo-${i}`
    const key = userKey(prefix, victim)
    const oldMaster = await h.masterFor(key)
    const t = await writer.create(victim)
    await answeredFromCache(t.accessToken)
    // Let the replica have the session before its master dies.
    await new Promise((r) => setTimeout(r, 200))
    await h.kill(oldMaster)
    // Within a heartbeat or two the channel to the dead master is known gone: the cached copy stops
    // answering (nothing could be revoked yet: the slot has no master until the promotion).
    // Revoked on the promoted master: refused, whatever the cache held before.
    const promoted = () => h.waitForPromotion(key, oldMaster)
    await revokeAcrossFailover({ cached, writer }, t, promoted, { bypassMs: 2000, failoverMs: 20_000 })
    // Service resumes: a new session on the same slot is cached again (the new master is tracked).
    const fresh = await writer.create(victim)
    await answeredFromCache(fresh.accessToken)
    expect(await writer.revoke(fresh.sessionId)).toBe(true)
    expect(await codeOf(cached.verify(fresh.accessToken))).toBe('SESSION_REVOKED')
  }, 120_000)
})
