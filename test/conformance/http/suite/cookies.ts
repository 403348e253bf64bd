// Cookie transport with CSRF: attributes, double submit, origin checks, refresh, logout, clearing.
import { describe, expect, it } from 'vitest'
import type { HttpDriver } from '../driver.js'
import { errorCode, Jar, useApp } from './context.js'

const AT = '__Host-jwts-at'
const RT = '__Secure-jwts-rt'
const CSRF = '__Host-jwts-csrf'

export function cookiesSuite(driver: HttpDriver): void {
  describe(`${driver.name}: cookie mode and CSRF`, () => {
    const app = useApp(driver, {
      options: { cookies: { refreshPath: '/api/token' } },
      sessions: { accessTokenTtl: '10m', refreshTokenTtl: '1d' },
    })

    const signIn = async (headers: Record<string, string> = {}) => {
      const jar = new Jar()
      const r = await fetch(`${app.base}/login`, { method: 'POST', headers })
      const set = jar.take(r)
      return { jar, set, body: (await r.json()) as Record<string, unknown> }
    }
    const csrfOf = (jar: Jar) => jar.cookies.get(CSRF) ?? ''
    const post = (path: string, jar: Jar, headers: Record<string, string> = {}) =>
      fetch(`${app.base}${path}`, { method: 'POST', headers: { cookie: jar.header(), ...headers } })

    it('sets HttpOnly, Secure, SameSite cookies with __Host-/__Secure- prefixes and bounded Max-Age; no tokens in the body', async () => {
      const { set, body } = await signIn()
      expect(body.accessToken).toBeUndefined()
      expect(body.refreshToken).toBeUndefined()
      expect(body.sessionId).toEqual(expect.any(String))
      const at = set.find((c) => c.startsWith(`${AT}=`))!
      const rt = set.find((c) => c.startsWith(`${RT}=`))!
      const csrf = set.find((c) => c.startsWith(`${CSRF}=`))!
      expect(at).toMatch(/; Max-Age=600;.*; Path=\/; HttpOnly; Secure; SameSite=Lax$/)
      expect(rt).toMatch(/; Max-Age=86400;.*; Path=\/api\/token; HttpOnly; Secure; SameSite=Lax$/)
      expect(csrf).toMatch(/; Path=\/; Secure; SameSite=Lax$/)
      expect(csrf).not.toContain('HttpOnly')
      expect(at).not.toContain('Domain=')
    })

    it('a sign-in replaces a CSRF cookie planted before login', async () => {
      const { jar } = await signIn({ cookie: `${CSRF}=planted-by-an-attacker` })
      expect(csrfOf(jar)).not.toBe('planted-by-an-attacker')
      expect(csrfOf(jar)).toMatch(/^[\w-]{43}$/)
    })

    it('authenticates GETs by cookie; a state-changing request needs the CSRF header', async () => {
      const { jar } = await signIn()
      expect((await fetch(`${app.base}/profile`, { headers: { cookie: jar.header() } })).status).toBe(200)
      const ok = await post('/action', jar, {
        'x-csrf-token': csrfOf(jar),
        origin: app.base,
        'sec-fetch-site': 'same-origin',
      })
      expect(ok.status).toBe(200)
    })

    it('a forged cross-site POST gets 403 CSRF_FAILED', async () => {
      const { jar } = await signIn()
      const forged: Array<Record<string, string>> = [
        { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
        { origin: 'https://evil.example' },
        { 'sec-fetch-site': 'cross-site', 'x-csrf-token': csrfOf(jar) },
        { origin: app.base },
        { origin: app.base, 'x-csrf-token': 'guess' },
        { origin: 'null', 'x-csrf-token': csrfOf(jar) },
        { origin: 'not a url', 'x-csrf-token': csrfOf(jar) },
      ]
      for (const h of forged) {
        const r = await post('/action', jar, h)
        expect(r.status).toBe(403)
        expect(r.headers.get('cache-control')).toBe('no-store')
        expect(await r.json()).toEqual({ error: { code: 'CSRF_FAILED', message: expect.any(String) } })
      }
      const logout = await post('/logout', jar, { origin: 'https://evil.example' })
      expect(logout.status).toBe(403)
      expect((await fetch(`${app.base}/profile`, { headers: { cookie: jar.header() } })).status).toBe(200)
    })

    it('bearer-header requests are exempt from CSRF', async () => {
      const t = await app.sessions.create('bob')
      const r = await fetch(`${app.base}/action`, {
        method: 'POST',
        headers: { authorization: `Bearer ${t.accessToken}`, origin: 'https://evil.example' },
      })
      expect(r.status).toBe(200)
    })

    it('refreshes by cookie (CSRF-checked), sets the cookies again and keeps the CSRF token', async () => {
      const { jar } = await signIn()
      const csrf = csrfOf(jar)
      const denied = await post('/api/token/refresh', jar)
      expect(denied.status).toBe(403)
      expect(denied.headers.getSetCookie()).toEqual([])
      const oldRefresh = jar.cookies.get(RT)
      const r = await post('/api/token/refresh', jar, { 'x-csrf-token': csrf })
      expect(r.status).toBe(200)
      const body = (await r.json()) as { data: Record<string, unknown> }
      expect(body.data.accessToken).toBeUndefined()
      expect(body.data.expiresIn).toBe(600_000)
      const oldJar = jar.copy()
      jar.take(r)
      expect(jar.cookies.get(RT)).not.toBe(oldRefresh)
      expect(csrfOf(jar)).toBe(csrf)
      // A benign repeat within the grace: the same successor, cookies set again, never cleared.
      const repeat = await post('/api/token/refresh', oldJar, { 'x-csrf-token': csrf })
      expect(repeat.status).toBe(200)
      expect(repeat.headers.getSetCookie().some((c) => /Max-Age=0/.test(c))).toBe(false)
      expect(oldJar.take(repeat).length).toBe(3)
      expect(oldJar.cookies.get(RT)).toBe(jar.cookies.get(RT))
      expect((await fetch(`${app.base}/profile`, { headers: { cookie: jar.header() } })).status).toBe(200)
    })

    it('jwt.refresh by cookie answers the token set without token values', async () => {
      const { jar } = await signIn()
      const r = await post('/refresh', jar, { 'x-csrf-token': csrfOf(jar) })
      expect(r.status).toBe(200)
      const body = (await r.json()) as Record<string, unknown>
      expect(body).toMatchObject({ tokenType: 'Bearer', sessionId: expect.any(String) })
      expect(body.accessToken).toBeUndefined()
      expect(r.headers.getSetCookie()).toHaveLength(3)
    })

    it('a dead or forged refresh cookie is cleared on refresh', async () => {
      const { jar } = await signIn()
      await app.sessions.revoke(jar.cookies.get(AT) ?? '')
      for (const path of ['/api/token/refresh', '/refresh']) {
        const r = await post(path, jar, { 'x-csrf-token': csrfOf(jar) })
        expect([r.status, await errorCode(r)]).toEqual([401, 'SESSION_REVOKED'])
        const cleared = r.headers.getSetCookie()
        expect(cleared).toHaveLength(3)
        expect(cleared.every((c) => /Max-Age=0/.test(c))).toBe(true)
      }
      const garbage = new Jar()
      garbage.cookies.set(RT, 'rt1.garbage')
      garbage.cookies.set(CSRF, 'c')
      const g = await post('/api/token/refresh', garbage, { 'x-csrf-token': 'c' })
      expect([g.status, await errorCode(g)]).toEqual([401, 'TOKEN_INVALID'])
      expect(g.headers.getSetCookie()).toHaveLength(3)
    })

    it('logout clears all three cookies with the attributes they were set with', async () => {
      const { jar, set } = await signIn()
      const r = await post('/logout', jar, { 'x-csrf-token': csrfOf(jar), origin: app.base })
      expect(r.status).toBe(200)
      const cleared = r.headers.getSetCookie()
      expect(cleared).toHaveLength(3)
      const attrs = (c: string) =>
        c
          .split('; ')
          .filter((p) => !/^(Max-Age|Expires)=/.test(p))
          .slice(1)
      for (const c of cleared) {
        expect(c).toMatch(/Max-Age=0/)
        const original = set.find((s) => s.split('=')[0] === c.split('=')[0])!
        expect(attrs(c)).toEqual(attrs(original))
      }
      jar.take(r)
      expect((await fetch(`${app.base}/profile`, { headers: { cookie: jar.header() } })).status).toBe(401)
    })

    it('logoutAll by cookie clears the cookies; with exceptCurrent it keeps them', async () => {
      const { jar } = await signIn()
      const h = { 'x-csrf-token': csrfOf(jar), 'content-type': 'application/json' }
      const keep = await fetch(`${app.base}/logout-all`, {
        method: 'POST',
        headers: { cookie: jar.header(), ...h },
        body: '{"exceptCurrent":true}',
      })
      expect(keep.status).toBe(200)
      expect(keep.headers.getSetCookie()).toEqual([])
      const all = await post('/logout-all', jar, { 'x-csrf-token': csrfOf(jar) })
      expect(all.status).toBe(200)
      expect(all.headers.getSetCookie()).toHaveLength(3)
    })

    it('POST /api/token/logout ends the session by the refresh cookie alone and clears the cookies', async () => {
      const { jar } = await signIn()
      const access = jar.cookies.get(AT) ?? ''
      const target = (await app.sessions.verify(access)).sessionId
      jar.cookies.delete(AT)
      const r = await post('/api/token/logout', jar, { 'x-csrf-token': csrfOf(jar) })
      expect(r.status).toBe(200)
      expect(await r.json()).toEqual({ success: true, message: 'Logged out' })
      expect(r.headers.getSetCookie()).toHaveLength(3)
      expect(await app.sessions.get(target)).toBeNull()
    })

    it('DELETE /api/token/sessions/:current by cookie clears the cookies', async () => {
      const { jar, body } = await signIn()
      const r = await fetch(`${app.base}/api/token/sessions/${String(body.sessionId)}`, {
        method: 'DELETE',
        headers: { cookie: jar.header(), 'x-csrf-token': csrfOf(jar) },
      })
      expect(r.status).toBe(200)
      expect(await r.json()).toMatchObject({ data: { current: true } })
      expect(r.headers.getSetCookie()).toHaveLength(3)
    })
  })
}
