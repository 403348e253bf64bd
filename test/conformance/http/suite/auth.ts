// auth, optionalAuth, the request session, logout, logoutAll and refresh, in header mode.
import { describe, expect, it } from 'vitest'
import type { HttpDriver } from '../driver.js'
import { errorCode, useApp } from './context.js'

export function authSuite(driver: HttpDriver): void {
  describe(`${driver.name}: auth and the handlers`, () => {
    const app = useApp(driver)

    it('signs in, authenticates, exposes the request session without the token', async () => {
      const t = await app.login()
      expect(t.expiresIn).toBe(900)
      const r = await app.get('/profile', t.accessToken)
      expect(r.status).toBe(200)
      const body = (await r.json()) as { user: Record<string, unknown>; session: Record<string, unknown> }
      expect(body.user).toEqual({ id: 'alice', role: 'member' })
      expect(body.session).toMatchObject({ id: t.sessionId, userId: 'alice', data: { theme: 'light' } })
      expect(JSON.stringify(body.session)).not.toContain(t.accessToken)
    })

    it('the sign-in answer is no-store and records the client for the session list', async () => {
      const r = await fetch(`${app.base}/login?user=meta`, {
        method: 'POST',
        headers: { 'user-agent': 'conformance/1' },
      })
      expect(r.headers.get('cache-control')).toBe('no-store')
      const [s] = await app.sessions.list('meta')
      expect(s?.meta).toMatchObject({ userAgent: 'conformance/1', ip: expect.stringMatching(/127\.0\.0\.1/) })
    })

    it('update, reload and touch the session data', async () => {
      const t = await app.login()
      const r = await app.post('/theme', undefined, { authorization: `Bearer ${t.accessToken}` })
      expect(await r.json()).toEqual({ data: { theme: 'dark' }, touched: true })
      const p = (await (await app.get('/profile', t.accessToken)).json()) as { session: { data: unknown } }
      expect(p.session.data).toEqual({ theme: 'dark' })
    })

    it('401 TOKEN_MISSING with a bare Bearer challenge when no token is sent', async () => {
      const r = await app.get('/profile')
      expect(r.status).toBe(401)
      expect(r.headers.get('www-authenticate')).toBe('Bearer')
      expect(r.headers.get('cache-control')).toBe('no-store')
      expect(await r.json()).toEqual({ error: { code: 'TOKEN_MISSING', message: expect.any(String) } })
    })

    it('401 TOKEN_INVALID with error="invalid_token" for a bad token, and for an empty Bearer', async () => {
      for (const auth of ['Bearer not.a.token', 'Bearer ', 'bearer a b']) {
        const r = await fetch(`${app.base}/profile`, { headers: { authorization: auth } })
        expect(r.status).toBe(401)
        expect(r.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"')
        expect(await errorCode(r)).toBe('TOKEN_INVALID')
      }
    })

    it('another Authorization scheme is not a token: 401 TOKEN_MISSING', async () => {
      const r = await fetch(`${app.base}/profile`, { headers: { authorization: 'Basic YTpi' } })
      expect([r.status, r.headers.get('www-authenticate'), await errorCode(r)]).toEqual([
        401,
        'Bearer',
        'TOKEN_MISSING',
      ])
    })

    it('401 TOKEN_EXPIRED after the access token life', async () => {
      const t = await app.login()
      app.now += 16 * 60_000
      try {
        const r = await app.get('/profile', t.accessToken)
        expect(r.status).toBe(401)
        expect(await errorCode(r)).toBe('TOKEN_EXPIRED')
      } finally {
        app.now -= 16 * 60_000
      }
    })

    it('no token from the query string unless opted in', async () => {
      const t = await app.login()
      const r = await fetch(`${app.base}/profile?accessToken=${t.accessToken}`)
      expect([r.status, await errorCode(r)]).toEqual([401, 'TOKEN_MISSING'])
    })

    it('optionalAuth: anonymous without a token, user with one, 401 with a bad one', async () => {
      expect(await (await app.get('/feed')).json()).toEqual({ user: null })
      const t = await app.login()
      expect(await (await app.get('/feed', t.accessToken)).json()).toEqual({ user: { id: 'alice', role: 'member' } })
      const bad = await app.get('/feed', 'garbage')
      expect(bad.status).toBe(401)
      expect(await errorCode(bad)).toBe('TOKEN_INVALID')
    })

    it('a revoked session is 401 SESSION_REVOKED at once', async () => {
      const t = await app.login()
      await app.sessions.revoke(t.sessionId)
      const r = await app.get('/profile', t.accessToken)
      expect([r.status, await errorCode(r)]).toEqual([401, 'SESSION_REVOKED'])
    })

    it('logout ends the session and answers the same for a dead one; no token is 401', async () => {
      const t = await app.login()
      const auth = { authorization: `Bearer ${t.accessToken}` }
      const first = await app.post('/logout', undefined, auth)
      expect(first.status).toBe(200)
      expect(first.headers.get('cache-control')).toBe('no-store')
      const firstBody = await first.json()
      expect((await app.get('/profile', t.accessToken)).status).toBe(401)
      const again = await app.post('/logout', undefined, auth)
      expect(again.status).toBe(200)
      expect(await again.json()).toEqual(firstBody)
      const none = await app.post('/logout')
      expect([none.status, none.headers.get('www-authenticate')]).toEqual([401, 'Bearer'])
    })

    it('logout after auth ends exactly that session', async () => {
      const a = await app.login('gina')
      const b = await app.login('gina')
      const r = await app.post('/auth-logout', undefined, { authorization: `Bearer ${a.accessToken}` })
      expect(await r.json()).toEqual({ success: true, message: 'Logged out' })
      expect((await app.get('/profile', a.accessToken)).status).toBe(401)
      expect((await app.get('/profile', b.accessToken)).status).toBe(200)
    })

    it('logoutAll ends every session, or every other one with exceptCurrent', async () => {
      const a = await app.login('carol')
      const b = await app.login('carol')
      const c = await app.login('carol')
      const auth = { authorization: `Bearer ${a.accessToken}` }
      const keep = await app.post('/logout-all', { exceptCurrent: true }, auth)
      expect(keep.status).toBe(200)
      expect(await keep.json()).toMatchObject({ success: true, data: { revoked: 2 } })
      expect((await app.get('/profile', a.accessToken)).status).toBe(200)
      expect((await app.get('/profile', b.accessToken)).status).toBe(401)
      expect((await app.get('/profile', c.accessToken)).status).toBe(401)
      const wrong = await app.post('/logout-all', { exceptCurrent: 'yes' }, auth)
      expect([wrong.status, await errorCode(wrong)]).toEqual([400, 'BAD_REQUEST'])
      const all = await app.post('/logout-all', undefined, auth)
      expect(await all.json()).toMatchObject({ data: { revoked: 1 } })
      expect((await app.get('/profile', a.accessToken)).status).toBe(401)
      const after = await app.post('/logout-all', { exceptCurrent: true }, auth)
      expect([after.status, await errorCode(after)]).toEqual([401, 'SESSION_REVOKED'])
    })

    it('refresh rotates; a benign repeat gets the same successor; older reuse is 401 REFRESH_TOKEN_REUSED', async () => {
      const t = await app.login()
      const r1 = await app.post('/refresh', { refreshToken: t.refreshToken })
      expect(r1.status).toBe(200)
      expect(r1.headers.get('cache-control')).toBe('no-store')
      const n1 = (await r1.json()) as { accessToken: string; refreshToken: string; tokenType: string }
      expect(n1.tokenType).toBe('Bearer')
      const again = (await (await app.post('/refresh', { refreshToken: t.refreshToken })).json()) as typeof n1
      expect(again.refreshToken).toBe(n1.refreshToken)
      const n2 = (await (await app.post('/refresh', { refreshToken: n1.refreshToken })).json()) as typeof n1
      const reuse = await app.post('/refresh', { refreshToken: t.refreshToken })
      expect(reuse.status).toBe(401)
      expect(reuse.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"')
      expect(await errorCode(reuse)).toBe('REFRESH_TOKEN_REUSED')
      const dead = await app.post('/refresh', { refreshToken: n2.refreshToken })
      expect(await errorCode(dead)).toBe('SESSION_REVOKED')
    })
  })

  describe(`${driver.name}: tokens from the query string when opted in`, () => {
    const app = useApp(driver, { options: { allowQueryToken: true } })
    it('accepts ?accessToken= and still prefers the header', async () => {
      const t = await app.login()
      expect((await fetch(`${app.base}/profile?accessToken=${t.accessToken}`)).status).toBe(200)
      const both = await fetch(`${app.base}/profile?accessToken=${t.accessToken}`, {
        headers: { authorization: 'Bearer bad' },
      })
      expect(await errorCode(both)).toBe('TOKEN_INVALID')
    })
  })
}
