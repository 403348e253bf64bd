// A write whose call already failed must not take effect later: calls made while Redis is stalled
// (SIGSTOP) reject with STORE_UNAVAILABLE, and when Redis resumes and reads them from its socket,
// the scripts refuse them because their deadline has passed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSessions, redisStore, type Sessions } from '../../src/index.js'
import { codeOf } from '../helpers/code-of.js'
import { RedisServer } from '../helpers/redis-server.js'

describe('writes that failed while Redis stalled', () => {
  let server: RedisServer
  let s: Sessions
  let now = Date.now()
  beforeAll(async () => {
    server = await RedisServer.start()
    s = createSessions({
      store: redisStore({
        url: server.url,
        keyPrefix: 'test:stall:',
        commandTimeout: 300,
        logger: { warn: () => undefined },
      }),
      secret: 'stalled-writes-secret-of-at-least-32-bytes',
      clock: () => now,
      touchInterval: 0,
    })
  })
  afterAll(async () => {
    await s.close()
    await server.dispose()
  })

  it('are never applied when Redis resumes (create, rotate, revoke, revokeAll, update, touch)', async () => {
    const revoked = await s.create('victim')
    const updated = await s.create('victim', { data: { v: 1 } })
    const touched = await s.create('victim')
    const rotated = await s.create('victim')
    const everyone = await Promise.all([s.create('all'), s.create('all')])
    const before = (await s.list('victim')).map((l) => l.sessionId)
    const touchedAt = (await s.get(touched.sessionId))!.lastActiveAt

    server.pause()
    now += 60_000
    const failed = await Promise.all([
      ...Array.from({ length: 15 }, () => codeOf(s.create('victim'))),
      codeOf(s.revoke(revoked.sessionId)),
      codeOf(s.update(updated.sessionId, { v: 2 })),
      codeOf(s.touch(touched.sessionId)),
      codeOf(s.refresh(rotated.refreshToken)),
      codeOf(s.revokeAll('all')),
    ])
    expect(failed).toEqual(Array(20).fill('STORE_UNAVAILABLE'))
    // Long enough that every deadline has passed while the commands sit unread in Redis's socket.
    await new Promise((r) => setTimeout(r, 500))
    server.resume()

    let listed: string[] | undefined
    for (let i = 0; i < 40 && !listed; i++) {
      listed = await s.list('victim').then(
        (l) => l.map((x) => x.sessionId),
        () => undefined,
      )
      if (!listed) await new Promise((r) => setTimeout(r, 50))
    }
    expect(listed).toEqual(before)
    expect((await s.get(updated.sessionId))?.data).toEqual({ v: 1 })
    expect((await s.get(touched.sessionId))?.lastActiveAt).toBe(touchedAt)
    expect((await s.list('all')).map((l) => l.sessionId).sort()).toEqual(everyone.map((t) => t.sessionId).sort())
    // The refresh that failed did not rotate: the same refresh token still works (no reuse detected).
    const next = await s.refresh(rotated.refreshToken)
    await s.verify(next.accessToken)
  })

  it('still apply when Redis answers in time', async () => {
    const t = await s.create('ok')
    expect(await s.update(t.sessionId, { v: 3 })).toBe(true)
    expect((await s.get(t.sessionId))?.data).toEqual({ v: 3 })
    expect(await s.revoke(t.sessionId)).toBe(true)
  })
})
