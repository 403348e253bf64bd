// Losing the invalidation channel: the cache is flushed and bypassed until the channel is confirmed
// again, so a revocation made while a cached side could not hear about it is still refused there.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TokenSet } from '../../src/index.js'
import { waitUntil } from '../helpers/cluster.js'
import { killTrackingConnections, scriptCalls, warm } from '../helpers/local-cache.js'
import type { RedisServer } from '../helpers/redis-server.js'
import { type SessionsProcess, startPair, stopPair } from '../helpers/sessions-process.js'

const PREFIX = 'lcc:'
const OPTIONS = { localCache: { heartbeat: '100ms' } }

describe('local cache: channel loss', () => {
  let redis: RedisServer
  let a: SessionsProcess
  let b: SessionsProcess

  beforeAll(async () => {
    ;({ redis, a, b } = await startPair(PREFIX, OPTIONS))
  })
  afterAll(() => stopPair({ redis, a, b }))

  it('CLIENT KILL of the tracking connections, revoke in the gap: refused on the cached side, 100 times of 100', async () => {
    let refused = 0
    for (let i = 0; i < 100; i++) {
      const t = await a.value<TokenSet>('create', `kill-${i}`)
      await warm(b, redis.port, t.accessToken)
      expect(await killTrackingConnections(redis.port)).toBeGreaterThanOrEqual(1)
      expect(await a.value('revoke', t.sessionId)).toBe(true)
      if ((await b.refusal(t.accessToken)) === 'SESSION_REVOKED') refused++
    }
    expect(refused).toBe(100)
  }, 120_000)

  it('Redis restart: no cached accept while it is down, none of the lost sessions after, and the cache serves again', async () => {
    const t = await a.value<TokenSet>('create', 'restart')
    await warm(b, redis.port, t.accessToken)
    await redis.stop()
    // Down: the cached copy is not evidence enough, so verify asks Redis and fails.
    expect(await b.refusal(t.accessToken)).toBe('STORE_UNAVAILABLE')
    await redis.start()
    // No persistence: the session is gone with the restart, and the cache must not remember it.
    await waitUntil('b answers again', async () => (await b.refusal(t.accessToken)) !== 'STORE_UNAVAILABLE', 10_000)
    expect(await b.refusal(t.accessToken)).toBe('SESSION_REVOKED')
    const fresh = await waitUntil(
      'a creates again',
      async () => {
        const r = await a.call('create', 'restart-2')
        return r.ok ? (r.value as TokenSet) : false
      },
      10_000,
    )
    await warm(b, redis.port, fresh.accessToken)
    const before = await scriptCalls(redis.port)
    for (let i = 0; i < 20; i++) expect(await b.refusal(fresh.accessToken)).toBeNull()
    expect(await scriptCalls(redis.port)).toBe(before)
    expect(await a.value('revoke', fresh.sessionId)).toBe(true)
    expect(await b.refusal(fresh.accessToken)).toBe('SESSION_REVOKED')
  }, 60_000)

  it('a stalled Redis (SIGSTOP): verify does not answer from memory while the channel is silent', async () => {
    const t = await a.value<TokenSet>('create', 'stall')
    await warm(b, redis.port, t.accessToken)
    redis.pause()
    try {
      // After two heartbeats without a PONG the cache is off: verify goes to Redis and times out.
      await new Promise((r) => setTimeout(r, 400))
      expect(await b.refusal(t.accessToken)).toBe('STORE_UNAVAILABLE')
    } finally {
      redis.resume()
    }
    await waitUntil('b accepts again', async () => (await b.refusal(t.accessToken)) === null, 10_000)
  }, 30_000)
})
