// Two engines in two processes on one Redis, both with the local session cache on: every change on
// one side (or by anyone else) is refused or seen on the other, although that side answered the
// same token from memory a moment before.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createClient } from 'redis'
import { createSessions, redisStore, type TokenSet } from '../../src/index.js'
import { userKey } from '../../src/stores/keys.js'
import type { RedisServer } from '../helpers/redis-server.js'
import { type SessionsProcess, startPair, stopPair } from '../helpers/sessions-process.js'
import { warm } from '../helpers/local-cache.js'

const PREFIX = 'lcp:'
const OPTIONS = { localCache: { heartbeat: '200ms' }, maxSessionsPerUser: 3, refreshReuseGrace: 0 }

describe('local cache across two processes', () => {
  let redis: RedisServer
  let a: SessionsProcess
  let b: SessionsProcess
  let n = 0
  const user = () => `user-${++n}`

  beforeAll(async () => {
    ;({ redis, a, b } = await startPair(PREFIX, OPTIONS))
  })
  afterAll(() => stopPair({ redis, a, b }))

  const create = (p: SessionsProcess, u: string, data: unknown = { u }) => p.value<TokenSet>('create', u, { data })

  it('revoke on one side is refused on the other', async () => {
    const t = await create(a, user())
    await warm(b, redis.port, t.accessToken)
    expect(await a.value('revoke', t.sessionId)).toBe(true)
    expect(await b.refusal(t.accessToken)).toBe('SESSION_REVOKED')
  })

  it('revokeAll on one side ends every cached session of the user on the other', async () => {
    const u = user()
    const ts = [await create(a, u), await create(a, u), await create(a, u)]
    for (const t of ts) await warm(b, redis.port, t.accessToken)
    expect(await a.value('revokeAll', u)).toBe(3)
    for (const t of ts) expect(await b.refusal(t.accessToken)).toBe('SESSION_REVOKED')
  })

  it('eviction by maxSessionsPerUser on one side is seen on the other', async () => {
    const u = user()
    const ts = [await create(a, u), await create(a, u), await create(a, u)]
    await warm(b, redis.port, ts[0]!.accessToken)
    await create(a, u)
    expect(await b.refusal(ts[0]!.accessToken)).toBe('SESSION_REVOKED')
    expect(await b.refusal(ts[2]!.accessToken)).toBeNull()
  })

  it('refresh-token reuse on one side revokes the session on the other', async () => {
    const t = await create(a, user())
    const next = await a.value<TokenSet>('refresh', t.refreshToken)
    await warm(b, redis.port, next.accessToken)
    expect((await a.call('refresh', t.refreshToken)).ok).toBe(false)
    expect(await b.refusal(next.accessToken)).toBe('SESSION_REVOKED')
  })

  it('update on one side: the other answers the new data', async () => {
    const t = await create(a, user(), { n: 1 })
    await warm(b, redis.port, t.accessToken)
    expect(await a.value('update', t.sessionId, { n: 2 })).toBe(true)
    expect(await b.value('verify', t.accessToken)).toEqual({ n: 2 })
  })

  it("an operator's DEL of the user hash and a writer without cache (CLI, compat) are seen too", async () => {
    const u = user()
    const t = await create(a, u)
    await warm(b, redis.port, t.accessToken)
    const raw = createClient({ url: redis.url })
    await raw.connect()
    await raw.del(userKey(PREFIX, u))
    await raw.close()
    expect(await b.refusal(t.accessToken)).toBe('SESSION_REVOKED')

    const plain = createSessions({
      store: redisStore({ url: redis.url, keyPrefix: PREFIX }),
      secret: 'sessions-child-secret-of-32-bytes-or-more',
    })
    const t2 = await create(a, user())
    await warm(b, redis.port, t2.accessToken)
    expect(await plain.revoke(t2.sessionId)).toBe(true)
    expect(await b.refusal(t2.accessToken)).toBe('SESSION_REVOKED')
    await plain.close()
  })

  it('1,000 revocations on one side: every one is refused on the other right after it returned', async () => {
    let refused = 0
    for (let batch = 0; batch < 100; batch++) {
      const ts = await Promise.all(Array.from({ length: 10 }, () => create(a, user())))
      // Twice: the first fills the cache, the second is answered from it once the channel is live.
      for (let i = 0; i < 2; i++)
        await Promise.all(ts.map(async (t) => expect(await b.refusal(t.accessToken)).toBeNull()))
      await Promise.all(ts.map(async (t) => expect(await a.value('revoke', t.sessionId)).toBe(true)))
      const codes = await Promise.all(ts.map((t) => b.refusal(t.accessToken)))
      refused += codes.filter((c) => c === 'SESSION_REVOKED').length
    }
    expect(refused).toBe(1000)
  }, 120_000)
})
