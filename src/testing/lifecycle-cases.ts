import { expect, it } from 'vitest'
import { codeOf, fakeClock, uid } from './helpers.js'
import type { SuiteContext } from './store-conformance.js'

/** Create, verify, revoke, rotation with its grace, reuse detection. */
export function lifecycleCases({ engine }: SuiteContext): void {
  it('creates a session whose access token verifies with its data', async () => {
    const s = engine()
    const user = uid('u')
    const t = await s.create(user, {
      data: { role: 'admin' },
      claims: { plan: 'pro' },
      meta: { ip: '10.0.0.1', userAgent: 'test' },
    })
    expect(t.tokenType).toBe('Bearer')
    expect(t.expiresIn).toBe(900)
    const ctx = await s.verify(t.accessToken)
    expect(ctx).toMatchObject({ userId: user, sessionId: t.sessionId, data: { role: 'admin' } })
    expect(ctx.claims).toMatchObject({ sub: user, sid: t.sessionId, plan: 'pro' })
    expect(ctx.expiresAt).toBe(t.accessTokenExpiresAt)
    const got = await s.get(t.sessionId)
    expect(got).toMatchObject({
      sessionId: t.sessionId,
      userId: user,
      data: { role: 'admin' },
      meta: { ip: '10.0.0.1', userAgent: 'test' },
    })
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

  it('refresh records new meta for the device list', async () => {
    const s = engine()
    const user = uid('meta')
    const t = await s.create(user, { meta: { ip: '1.1.1.1' } })
    await s.refresh(t.refreshToken, { meta: { ip: '2.2.2.2' } })
    expect((await s.list(user))[0]?.meta).toEqual({ ip: '2.2.2.2' })
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
}
