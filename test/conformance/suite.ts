import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSessions, type SessionsOptions, type Sessions, type SessionStore } from '../../src/index.js'
import { codeOf } from '../helpers/code-of.js'

export interface ConformanceOptions {
  /** Called after the suite to drop the store's keys. */
  cleanup?: () => Promise<void>
}

const SECRET = 'conformance-secret-of-at-least-32-bytes!'

/** A controllable clock: the same instant for store and tokens. */
export function fakeClock(start = Date.now()) {
  let now = start
  return { now: () => now, advance: (ms: number) => void (now += ms) }
}


/**
 * The store contract, checked through the public API. Every store (memory, Redis single node,
 * Cluster, Sentinel) runs this same suite.
 */
export function runConformance(name: string, makeStore: () => SessionStore | Promise<SessionStore>, options: ConformanceOptions = {}): void {
  describe(`store conformance: ${name}`, () => {
    let store: SessionStore
    const engines: Sessions<{ role: string; n?: number }>[] = []
    const engine = (o: Partial<SessionsOptions> = {}) => {
      const s = createSessions<{ role: string; n?: number }>({ store, secret: SECRET, ...o })
      engines.push(s)
      return s
    }
    const uid = (tag: string) => `${tag}-${Math.random().toString(36).slice(2)}`

    beforeAll(async () => {
      store = await makeStore()
    })
    afterAll(async () => {
      await options.cleanup?.()
      await store.close()
    })

    it('creates a session whose access token verifies with its data', async () => {
      const s = engine()
      const user = uid('u')
      const t = await s.create(user, { data: { role: 'admin' }, claims: { plan: 'pro' }, meta: { ip: '10.0.0.1', userAgent: 'test' } })
      expect(t.tokenType).toBe('Bearer')
      expect(t.expiresIn).toBe(900)
      const ctx = await s.verify(t.accessToken)
      expect(ctx).toMatchObject({ userId: user, sessionId: t.sessionId, data: { role: 'admin' } })
      expect(ctx.claims).toMatchObject({ sub: user, sid: t.sessionId, plan: 'pro' })
      expect(ctx.expiresAt).toBe(t.accessTokenExpiresAt)
      const got = await s.get(t.sessionId)
      expect(got).toMatchObject({ sessionId: t.sessionId, userId: user, data: { role: 'admin' }, meta: { ip: '10.0.0.1', userAgent: 'test' } })
    })

    it('revoke ends a session by id, access token or refresh token, and answers false for unknown ones', async () => {
      const s = engine()
      const user = uid('r')
      const [a, b, c] = await Promise.all([s.create(user), s.create(user), s.create(user)])
      expect(await s.revoke(a!.sessionId)).toBe(true)
      expect(await s.revoke(b!.accessToken)).toBe(true)
      expect(await s.revoke(c!.refreshToken)).toBe(true)
      for (const t of [a!, b!, c!]) expect(await codeOf(s.verify(t.accessToken))).toBe('SESSION_REVOKED')
      expect(await s.revoke(a!.sessionId)).toBe(false)
      expect(await s.revoke('nope')).toBe(false)
      expect(await s.revoke('')).toBe(false)
      expect(await s.revoke(42 as unknown as string)).toBe(false)
      expect(await s.list(user)).toEqual([])
    })

    it('rotates refresh tokens; a repeat within the grace gets the same successor; parallel refreshes rotate once', async () => {
      const s = engine()
      let rotations = 0
      s.on('refreshed', () => rotations++)
      const t = await s.create(uid('g'))
      const pairs = await Promise.all(Array.from({ length: 10 }, () => s.refresh(t.refreshToken)))
      expect(new Set(pairs.map((p) => p.refreshToken)).size).toBe(1)
      expect(new Set(pairs.map((p) => p.accessToken)).size).toBe(1)
      expect(pairs[0]!.refreshToken).not.toBe(t.refreshToken)
      expect(rotations).toBe(1)
      await s.verify(pairs[0]!.accessToken)
      const next = await s.refresh(pairs[0]!.refreshToken)
      expect(rotations).toBe(2)
      await s.verify(next.accessToken)
    })

    it('detects reuse of an older refresh token: revokes the session, emits reuseDetected', async () => {
      const s = engine()
      const seen: unknown[] = []
      s.on('reuseDetected', (e) => seen.push(e))
      const user = uid('x')
      const t0 = await s.create(user)
      const t1 = await s.refresh(t0.refreshToken)
      const t2 = await s.refresh(t1.refreshToken)
      // t0 is two rotations old: only the most recently retired token gets the grace.
      const err = await s.refresh(t0.refreshToken).catch((e: unknown) => e)
      expect(err).toMatchObject({ code: 'REFRESH_TOKEN_REUSED', status: 401, sessionId: t0.sessionId, userId: user })
      expect(seen).toEqual([{ userId: user, sessionId: t0.sessionId, reason: 'retired-token' }])
      expect(await codeOf(s.verify(t2.accessToken))).toBe('SESSION_REVOKED')
      expect(await codeOf(s.refresh(t2.refreshToken))).toBe('SESSION_REVOKED')
    })

    it('treats the retired token after the grace as reuse', async () => {
      const clock = fakeClock()
      const s = engine({ clock: clock.now, refreshReuseGrace: '10s' })
      const t0 = await s.create(uid('ge'))
      const t1 = await s.refresh(t0.refreshToken)
      clock.advance(10_001)
      expect(await codeOf(s.refresh(t0.refreshToken))).toBe('REFRESH_TOKEN_REUSED')
      expect(await codeOf(s.verify(t1.accessToken))).toBe('SESSION_REVOKED')
    })

    it('ends idle sessions; touch and refresh extend the idle window; the absolute lifetime is never extended', async () => {
      const clock = fakeClock()
      const s = engine({ clock: clock.now, accessTokenTtl: '1h', refreshTokenTtl: '10m', sessionTtl: '25m', touchInterval: 0 })
      const idle = await s.create(uid('i'))
      const busy = await s.create(uid('b'))
      clock.advance(9 * 60_000)
      expect(await s.touch(busy.sessionId)).toBe(true)
      clock.advance(2 * 60_000)
      expect(await codeOf(s.verify(idle.accessToken))).toBe('SESSION_REVOKED')
      expect(await s.touch(idle.sessionId)).toBe(false)
      await s.verify(busy.accessToken)
      clock.advance(9 * 60_000)
      const r = await s.refresh(busy.refreshToken)
      expect(r.refreshTokenExpiresAt).toBe(busy.refreshTokenExpiresAt + 15 * 60_000)
      clock.advance(5 * 60_000 + 1)
      // 25 minutes after creation: past the absolute lifetime however active.
      expect(await codeOf(s.verify(r.accessToken))).toBe('SESSION_REVOKED')
      expect(await codeOf(s.refresh(r.refreshToken))).toBe('SESSION_REVOKED')
    })

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
      const logins = await Promise.all(
        users.map(async (user) => {
          const ids: string[] = []
          for (let i = 0; i < 4; i++) ids.push((await s.create(user)).sessionId)
          return ids
        }),
      )
      const wrong = users.filter((user, i) => (evicted.get(user) ?? []).join() !== logins[i]![0])
      expect(wrong).toEqual([])
      const listed = await Promise.all(users.slice(0, 20).map(async (user) => (await s.list(user)).map((l) => l.sessionId)))
      expect(listed).toEqual(logins.slice(0, 20).map((ids) => ids.slice(1)))
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
      const sets = await Promise.all(Array.from({ length: 50 }, (_, i) => s.create(user, { meta: { userAgent: `ua-${i}` } })))
      const gone = sets.filter((_, i) => i % 2 === 0)
      await Promise.all(gone.map((t) => s.revoke(t.sessionId)))
      const live = await s.list(user)
      expect(live).toHaveLength(25)
      expect(new Set(live.map((l) => l.sessionId))).toEqual(new Set(sets.filter((_, i) => i % 2 === 1).map((t) => t.sessionId)))
      for (const l of live) {
        expect(Object.keys(l).sort()).toEqual(['createdAt', 'expiresAt', 'lastActiveAt', 'meta', 'sessionId', 'userId'])
        expect(l.meta.userAgent).toMatch(/^ua-\d+$/)
      }
      const json = JSON.stringify(live)
      for (const t of sets) expect(json).not.toContain(t.refreshToken.split('.')[3])
    })

    it('get, update and touch work on live sessions and report gone ones', async () => {
      const s = engine()
      const t = await s.create(uid('d'), { data: { role: 'user' } })
      expect(await s.update(t.sessionId, { role: 'admin', n: 2 })).toBe(true)
      expect((await s.verify(t.accessToken)).data).toEqual({ role: 'admin', n: 2 })
      expect((await s.get(t.sessionId))?.data).toEqual({ role: 'admin', n: 2 })
      expect(await s.touch(t.sessionId)).toBe(true)
      await s.revoke(t.sessionId)
      expect(await s.get(t.sessionId)).toBeNull()
      expect(await s.update(t.sessionId, { role: 'x' })).toBe(false)
      expect(await s.touch(t.sessionId)).toBe(false)
      expect(await s.get('not-a-session')).toBeNull()
    })

    it('stats counts a user\'s live sessions', async () => {
      const s = engine()
      const user = uid('st')
      await Promise.all([s.create(user), s.create(user), s.create(user)])
      const st = await s.stats(user)
      expect(st.activeSessions).toBe(3)
      expect(st.userId).toBe(user)
      expect(st.counters.created).toBeGreaterThanOrEqual(3)
    })

    it('refresh records new meta for the device list', async () => {
      const s = engine()
      const user = uid('meta')
      const t = await s.create(user, { meta: { ip: '1.1.1.1' } })
      await s.refresh(t.refreshToken, { meta: { ip: '2.2.2.2' } })
      expect((await s.list(user))[0]?.meta).toEqual({ ip: '2.2.2.2' })
    })

    it('revokeAccessOnRefresh: a refresh ends the earlier access tokens at once; a repeat in the grace gets the same successor', async () => {
      const s = engine({ revokeAccessOnRefresh: true })
      const t0 = await s.create(uid('gen'), { data: { role: 'r' } })
      expect((await s.verify(t0.accessToken)).claims['gen']).toBe(0)
      const t1 = await s.refresh(t0.refreshToken)
      const err = await s.verify(t0.accessToken).catch((e: unknown) => e)
      expect(err).toMatchObject({ code: 'TOKEN_INVALID', message: expect.stringContaining('superseded') })
      const again = await s.refresh(t0.refreshToken)
      expect(again.accessToken).toBe(t1.accessToken)
      expect(await s.verify(again.accessToken)).toMatchObject({ data: { role: 'r' }, claims: { gen: 1 } })
      const t2 = await s.refresh(t1.refreshToken)
      expect(await codeOf(s.verify(t1.accessToken))).toBe('TOKEN_INVALID')
      await s.verify(t2.accessToken)
      // The session is alive: only the superseded tokens stopped working; without the option they work on.
      expect(await s.get(t0.sessionId)).not.toBeNull()
      const loose = engine()
      const u0 = await loose.create(uid('nogen'))
      await loose.refresh(u0.refreshToken)
      expect((await loose.verify(u0.accessToken)).claims).not.toHaveProperty('gen')
      // Tokens minted before the option was turned on carry no gen: unbound until their exp.
      await s.verify(u0.accessToken)
      // gen is the library's claim: a caller cannot set it.
      expect(await codeOf(loose.create(uid('c'), { claims: { gen: 5 } }))).toBe('CONFIG_INVALID')
    })
  })
}
