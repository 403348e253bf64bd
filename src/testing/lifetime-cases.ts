import { expect, it } from 'vitest'
import { codeOf, fakeClock, shortLifetimes, uid } from './helpers.js'
import type { SuiteContext } from './store-conformance.js'

/** Idle and absolute expiry, and the touch debounce of verify. */
export function lifetimeCases({ engine }: SuiteContext): void {
  it('ends idle sessions; touch and refresh extend the idle window; the absolute lifetime is never extended', async () => {
    const clock = fakeClock()
    const s = engine({ clock: clock.now, ...shortLifetimes, touchInterval: 0 })
    const user = uid('i')
    const idle = await s.create(user, { data: { role: 'idle' } })
    const busy = await s.create(uid('b'))
    clock.advance(9 * 60_000)
    expect(await s.touch(busy.sessionId)).toBe(true)
    clock.advance(2 * 60_000)
    // Past the idle window, the idle session is gone for every read, not only for verify.
    expect(await s.get(idle.sessionId)).toBeNull()
    expect(await s.list(user)).toEqual([])
    expect(await codeOf(s.verify(idle.accessToken))).toBe('SESSION_REVOKED')
    expect(await s.touch(idle.sessionId)).toBe(false)
    expect(await s.update(idle.sessionId, { role: 'x' })).toBe(false)
    expect(await codeOf(s.refresh(idle.refreshToken))).toBe('SESSION_REVOKED')
    expect(await s.get(idle.sessionId)).toBeNull()
    await s.verify(busy.accessToken)
    clock.advance(9 * 60_000)
    const r = await s.refresh(busy.refreshToken)
    expect(r.refreshTokenExpiresAt).toBe(busy.refreshTokenExpiresAt + 15 * 60_000)
    clock.advance(5 * 60_000 + 1)
    // 25 minutes after creation: past the absolute lifetime however active.
    expect(await s.get(busy.sessionId)).toBeNull()
    expect(await codeOf(s.verify(r.accessToken))).toBe('SESSION_REVOKED')
    expect(await codeOf(s.refresh(r.refreshToken))).toBe('SESSION_REVOKED')
  })

  it('a session is live until the last millisecond of its idle window and gone at its end', async () => {
    const clock = fakeClock()
    const s = engine({ clock: clock.now, accessTokenTtl: '1h', refreshTokenTtl: '10m', touchInterval: '1m' })
    const t = await s.create(uid('edge'))
    clock.advance(10 * 60_000 - 1)
    expect((await s.get(t.sessionId))?.expiresAt).toBe(t.refreshTokenExpiresAt)
    clock.advance(1)
    expect(await s.get(t.sessionId)).toBeNull()
    expect(await codeOf(s.verify(t.accessToken))).toBe('SESSION_REVOKED')
  })

  it('verify extends the idle window at most once per touchInterval', async () => {
    const clock = fakeClock()
    const s = engine({ clock: clock.now, accessTokenTtl: '1h', refreshTokenTtl: '10m', touchInterval: '1m' })
    const t = await s.create(uid('touch'))
    const createdAt = (await s.get(t.sessionId))!.lastActiveAt
    clock.advance(30_000)
    await s.verify(t.accessToken)
    // Within the debounce: no write, so the idle window still runs from creation.
    expect((await s.get(t.sessionId))!.lastActiveAt).toBe(createdAt)
    clock.advance(30_000)
    await s.verify(t.accessToken)
    expect((await s.get(t.sessionId))!.lastActiveAt).toBe(createdAt + 60_000)
    clock.advance(59_999)
    await s.verify(t.accessToken)
    expect((await s.get(t.sessionId))!.lastActiveAt).toBe(createdAt + 60_000)
    // The touch moved the end: 10 minutes from the touch, not from creation.
    clock.advance(10 * 60_000 - 59_999 - 1)
    expect((await s.get(t.sessionId))?.expiresAt).toBe(createdAt + 60_000 + 10 * 60_000)
  })
}
