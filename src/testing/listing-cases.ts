import { expect, it } from 'vitest'
import { codeOf, fakeClock, uid } from './helpers.js'
import type { SuiteContext } from './store-conformance.js'

/** Per-user limits in login order, revokeAll, listing and statistics. */
export function listingCases({ engine }: SuiteContext): void {
  it('keeps at most maxSessionsPerUser live sessions under 20 parallel logins, evicting the oldest', async () => {
    const s = engine({ maxSessionsPerUser: 5 })
    const user = uid('m')
    const evicted: string[] = []
    s.on('evicted', (e) => evicted.push(e.sessionId))
    const sets = await Promise.all(Array.from({ length: 20 }, () => s.create(user)))
    const live = await s.list(user)
    expect(live).toHaveLength(5)
    expect(evicted).toHaveLength(15)
    expect(new Set([...evicted, ...live.map((l) => l.sessionId)]).size).toBe(20)
    for (const t of sets) {
      const alive = live.some((l) => l.sessionId === t.sessionId)
      expect(await codeOf(s.verify(t.accessToken))).toBe(alive ? 'resolved' : 'SESSION_REVOKED')
    }
  })

  it('evicts in exact login order when logins share a millisecond (limit 3, 4 logins, 200 users)', async () => {
    // A frozen clock: every login of the test happens in the same millisecond.
    const clock = fakeClock()
    const s = engine({ maxSessionsPerUser: 3, clock: clock.now })
    const evicted = new Map<string, string[]>()
    s.on('evicted', (e) => evicted.set(e.userId, [...(evicted.get(e.userId) ?? []), e.sessionId]))
    const users = Array.from({ length: 200 }, () => uid('tie'))
    const logins: string[][] = []
    // 25 users at a time: concurrency across users without queueing past the command timeout on a busy machine.
    for (let at = 0; at < users.length; at += 25) {
      logins.push(
        ...(await Promise.all(
          users.slice(at, at + 25).map(async (user) => {
            const ids: string[] = []
            for (let i = 0; i < 4; i++) ids.push((await s.create(user)).sessionId)
            return ids
          }),
        )),
      )
    }
    const wrong = users.filter((user, i) => (evicted.get(user) ?? []).join() !== logins[i]![0])
    expect(wrong).toEqual([])
    const listed = await Promise.all(
      users.slice(0, 20).map(async (user) => (await s.list(user)).map((l) => l.sessionId)),
    )
    expect(listed).toEqual(logins.slice(0, 20).map((ids) => ids.slice(1)))
  })

  it('lists live sessions oldest first', async () => {
    const clock = fakeClock()
    const s = engine({ clock: clock.now })
    const user = uid('order')
    const ids: string[] = []
    for (let i = 0; i < 6; i++) {
      ids.push((await s.create(user)).sessionId)
      clock.advance(1000)
    }
    expect((await s.list(user)).map((l) => l.sessionId)).toEqual(ids)
    const created = (await s.list(user)).map((l) => l.createdAt)
    expect(created).toEqual([...created].sort((a, b) => a - b))
  })

  it('single-session mode keeps only the newest login', async () => {
    const s = engine({ maxSessionsPerUser: 1 })
    const user = uid('one')
    const a = await s.create(user)
    const b = await s.create(user)
    expect(await codeOf(s.verify(a.accessToken))).toBe('SESSION_REVOKED')
    await s.verify(b.accessToken)
    expect((await s.list(user)).map((l) => l.sessionId)).toEqual([b.sessionId])
  })

  it('revokeAll ends every session of the user except the one kept, and no other user', async () => {
    const s = engine()
    const user = uid('all')
    const other = await s.create(uid('other'))
    const sets = await Promise.all(Array.from({ length: 6 }, () => s.create(user)))
    const keep = sets[2]!
    expect(await s.revokeAll(user, { except: keep.sessionId })).toBe(5)
    expect((await s.list(user)).map((l) => l.sessionId)).toEqual([keep.sessionId])
    await s.verify(keep.accessToken)
    await s.verify(other.accessToken)
    expect(await s.revokeAll(user)).toBe(1)
    expect(await codeOf(s.verify(keep.accessToken))).toBe('SESSION_REVOKED')
    expect(await s.revokeAll(uid('nobody'))).toBe(0)
  })

  it('list stays exact under 50 concurrent logins and 25 concurrent revokes', async () => {
    const s = engine()
    const user = uid('l')
    const sets = await Promise.all(
      Array.from({ length: 50 }, (_, i) => s.create(user, { meta: { userAgent: `ua-${i}` } })),
    )
    const gone = sets.filter((_, i) => i % 2 === 0)
    await Promise.all(gone.map((t) => s.revoke(t.sessionId)))
    const live = await s.list(user)
    expect(live).toHaveLength(25)
    expect(new Set(live.map((l) => l.sessionId))).toEqual(
      new Set(sets.filter((_, i) => i % 2 === 1).map((t) => t.sessionId)),
    )
    for (const l of live) {
      expect(Object.keys(l).sort()).toEqual(['createdAt', 'expiresAt', 'lastActiveAt', 'meta', 'sessionId', 'userId'])
      expect(l.meta.userAgent).toMatch(/^ua-\d+$/)
    }
    const json = JSON.stringify(live)
    for (const t of sets) expect(json).not.toContain(t.refreshToken.split('.')[3])
  })

  it("stats counts a user's live sessions exactly, and the store-wide counts move with them", async () => {
    const clock = fakeClock()
    const s = engine({ clock: clock.now, refreshTokenTtl: '10m', touchInterval: 0 })
    const [user, other] = [uid('st'), uid('st2')]
    const before = await s.stats()
    const first = await s.create(user)
    clock.advance(1000)
    await s.create(user)
    clock.advance(1000)
    const last = await s.create(user)
    await Promise.all([s.create(other), s.create(other)])
    clock.advance(500)
    await s.verify(first.accessToken)
    const st = await s.stats(user)
    expect(st).toMatchObject({
      activeSessions: 3,
      userId: user,
      oldestSessionCreatedAt: clock.now() - 2500,
      newestSessionCreatedAt: clock.now() - 500,
      lastActiveAt: clock.now(),
    })
    expect(st.counters).toEqual({ created: 5, refreshed: 0, revoked: 0, evicted: 0, reuseDetected: 0 })
    const after = await s.stats()
    expect(after.activeSessions - before.activeSessions).toBe(5)
    expect(after.users! - before.users!).toBe(2)
    await s.revoke(last.sessionId)
    await s.revokeAll(other)
    const end = await s.stats()
    expect(end.activeSessions - before.activeSessions).toBe(2)
    expect(end.users! - before.users!).toBe(1)
    expect(end.counters.revoked).toBe(3)
    // Idle-expired sessions no longer count, store-wide either.
    clock.advance(10 * 60_000)
    expect((await s.stats(user)).activeSessions).toBe(0)
    expect((await s.stats()).activeSessions - before.activeSessions).toBeLessThanOrEqual(0)
  })
}
