import type { AddressInfo } from 'node:net'
import type { Server } from 'node:http'
import express from 'express'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSessions, redisStore, type Sessions } from '../../src/index.js'
import { expressSessions } from '../../src/adapters/express/index.js'
import { ConfigError } from '../../src/errors/index.js'
import { cleanupPrefix, redisUrl, uniquePrefix } from '../helpers/redis.js'

const express4Specifier: string = 'express4'
const express4 = ((await import(express4Specifier)) as { default: typeof express }).default

/** A tiny cookie jar: name → value, honouring Max-Age=0 deletion (paths ignored on purpose). */
class Jar {
  readonly cookies = new Map<string, string>()
  take(res: Response): string[] {
    const set = res.headers.getSetCookie()
    for (const line of set) {
      const [pair = ''] = line.split(';')
      const eq = pair.indexOf('=')
      const name = pair.slice(0, eq)
      if (/Max-Age=0/.test(line)) this.cookies.delete(name)
      else this.cookies.set(name, decodeURIComponent(pair.slice(eq + 1)))
    }
    return set
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('; ')
  }
}

for (const [name, factory] of [['express 5', () => express()], ['express 4', () => express4()]] as const) {
  describe(`${name}: cookie mode and CSRF`, () => {
    const prefix = uniquePrefix('cookies')
    let sessions: Sessions
    let server: Server
    let base: string
    let host: string

    beforeAll(async () => {
      sessions = createSessions({ store: redisStore({ url: redisUrl(), keyPrefix: prefix }), secret: 'c'.repeat(40), accessTokenTtl: '10m', refreshTokenTtl: '1d' })
      const jwt = expressSessions(sessions, { cookies: { refreshPath: '/api/token' } })
      const app = factory()
      app.post('/login', async (req, res) => res.json(await jwt.signIn(req, res, 'alice')))
      app.get('/me', jwt.auth, (req, res) => res.json({ user: req.user }))
      app.post('/action', jwt.auth, (_req, res) => res.json({ done: true }))
      app.post('/logout', jwt.logout)
      app.use('/api/token', jwt.routes())
      server = await new Promise<Server>((resolve) => {
        const s = app.listen(0, '127.0.0.1', () => resolve(s))
      })
      host = `127.0.0.1:${(server.address() as AddressInfo).port}`
      base = `http://${host}`
    })

    afterAll(async () => {
      server.close()
      await sessions.close()
      await cleanupPrefix(prefix)
    })

    const signIn = async () => {
      const jar = new Jar()
      const r = await fetch(`${base}/login`, { method: 'POST' })
      const set = jar.take(r)
      return { jar, set, body: (await r.json()) as Record<string, unknown> }
    }
    const csrfOf = (jar: Jar) => jar.cookies.get('__Host-jwts-csrf') ?? ''

    it('sets HttpOnly, Secure, SameSite cookies with __Host-/__Secure- prefixes and bounded Max-Age; no tokens in the body', async () => {
      const { set, body } = await signIn()
      expect(body.accessToken).toBeUndefined()
      expect(body.refreshToken).toBeUndefined()
      expect(body.sessionId).toEqual(expect.any(String))
      const at = set.find((c) => c.startsWith('__Host-jwts-at='))!
      const rt = set.find((c) => c.startsWith('__Secure-jwts-rt='))!
      const csrf = set.find((c) => c.startsWith('__Host-jwts-csrf='))!
      expect(at).toMatch(/; Max-Age=600;.*; Path=\/; HttpOnly; Secure; SameSite=Lax$/)
      expect(rt).toMatch(/; Max-Age=86400;.*; Path=\/api\/token; HttpOnly; Secure; SameSite=Lax$/)
      expect(csrf).toMatch(/; Path=\/; Secure; SameSite=Lax$/)
      expect(csrf).not.toContain('HttpOnly')
      expect(at).not.toContain('Domain=')
    })

    it('authenticates GETs by cookie; a state-changing request needs the CSRF header', async () => {
      const { jar } = await signIn()
      const me = await fetch(`${base}/me`, { headers: { cookie: jar.header() } })
      expect(me.status).toBe(200)
      const ok = await fetch(`${base}/action`, { method: 'POST', headers: { cookie: jar.header(), 'x-csrf-token': csrfOf(jar), origin: base, 'sec-fetch-site': 'same-origin' } })
      expect(ok.status).toBe(200)
    })

    it('a forged cross-site POST gets 403 CSRF_FAILED', async () => {
      const { jar } = await signIn()
      const forged: Array<Record<string, string>> = [
        { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
        { origin: 'https://evil.example' },
        { 'sec-fetch-site': 'cross-site', 'x-csrf-token': csrfOf(jar) },
        { origin: base },
        { origin: base, 'x-csrf-token': 'guess' },
        { origin: 'null', 'x-csrf-token': csrfOf(jar) },
      ]
      for (const h of forged) {
        const r = await fetch(`${base}/action`, { method: 'POST', headers: { cookie: jar.header(), ...h } })
        expect(r.status).toBe(403)
        expect(await r.json()).toEqual({ error: { code: 'CSRF_FAILED', message: expect.any(String) } })
      }
      const logout = await fetch(`${base}/logout`, { method: 'POST', headers: { cookie: jar.header(), origin: 'https://evil.example' } })
      expect(logout.status).toBe(403)
      expect((await fetch(`${base}/me`, { headers: { cookie: jar.header() } })).status).toBe(200)
    })

    it('bearer-header requests are exempt from CSRF', async () => {
      const t = await sessions.create('bob')
      const r = await fetch(`${base}/action`, { method: 'POST', headers: { authorization: `Bearer ${t.accessToken}`, origin: 'https://evil.example' } })
      expect(r.status).toBe(200)
    })

    it('refreshes by cookie (CSRF-checked), sets the cookies again and keeps the CSRF token', async () => {
      const { jar } = await signIn()
      const csrf = csrfOf(jar)
      const denied = await fetch(`${base}/api/token/refresh`, { method: 'POST', headers: { cookie: jar.header() } })
      expect(denied.status).toBe(403)
      const oldRefresh = jar.cookies.get('__Secure-jwts-rt')
      const r = await fetch(`${base}/api/token/refresh`, { method: 'POST', headers: { cookie: jar.header(), 'x-csrf-token': csrf } })
      expect(r.status).toBe(200)
      const body = (await r.json()) as { data: Record<string, unknown> }
      expect(body.data.accessToken).toBeUndefined()
      expect(body.data.expiresIn).toBe(600_000)
      const oldJar = new Jar()
      for (const [k, v] of jar.cookies) oldJar.cookies.set(k, v)
      jar.take(r)
      expect(jar.cookies.get('__Secure-jwts-rt')).not.toBe(oldRefresh)
      expect(csrfOf(jar)).toBe(csrf)
      // A benign repeat within the grace: the same successor, cookies set again, never cleared.
      const repeat = await fetch(`${base}/api/token/refresh`, { method: 'POST', headers: { cookie: oldJar.header(), 'x-csrf-token': csrf } })
      expect(repeat.status).toBe(200)
      const set = repeat.headers.getSetCookie()
      expect(set.some((c) => /Max-Age=0/.test(c))).toBe(false)
      expect(oldJar.take(repeat).length).toBe(3)
      expect(oldJar.cookies.get('__Secure-jwts-rt')).toBe(jar.cookies.get('__Secure-jwts-rt'))
      expect((await fetch(`${base}/me`, { headers: { cookie: jar.header() } })).status).toBe(200)
    })

    it('logout clears all three cookies with the attributes they were set with', async () => {
      const { jar, set } = await signIn()
      const r = await fetch(`${base}/logout`, { method: 'POST', headers: { cookie: jar.header(), 'x-csrf-token': csrfOf(jar), origin: base } })
      expect(r.status).toBe(200)
      const cleared = r.headers.getSetCookie()
      expect(cleared).toHaveLength(3)
      const attrs = (c: string) => c.split('; ').filter((p) => !/^(Max-Age|Expires)=/.test(p)).slice(1)
      for (const c of cleared) {
        expect(c).toMatch(/Max-Age=0/)
        const original = set.find((s) => s.split('=')[0] === c.split('=')[0])!
        expect(attrs(c)).toEqual(attrs(original))
      }
      jar.take(r)
      expect((await fetch(`${base}/me`, { headers: { cookie: jar.header() } })).status).toBe(401)
    })
  })
}

describe('cookie mode: logout after the access cookie expired', () => {
  it('POST /api/token/logout ends the session by the refresh cookie alone and clears the cookies', async () => {
    const prefix = uniquePrefix('cookies-logout')
    const sessions = createSessions({ store: redisStore({ url: redisUrl(), keyPrefix: prefix }), secret: 'c'.repeat(40) })
    const jwt = expressSessions(sessions, { cookies: true })
    const app = express()
    app.post('/login', async (req, res) => res.json(await jwt.signIn(req, res, 'alice')))
    app.use('/api/token', jwt.routes())
    const server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s))
    })
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
      const jar = new Jar()
      jar.take(await fetch(`${base}/login`, { method: 'POST' }))
      const sid = (await sessions.list('alice'))[0]?.sessionId
      jar.cookies.delete('__Host-jwts-at')
      const csrf = jar.cookies.get('__Host-jwts-csrf') ?? ''
      const r = await fetch(`${base}/api/token/logout`, { method: 'POST', headers: { cookie: jar.header(), 'x-csrf-token': csrf } })
      expect(r.status).toBe(200)
      expect(await r.json()).toEqual({ success: true, message: 'Logged out' })
      expect(r.headers.getSetCookie()).toHaveLength(3)
      expect(await sessions.get(sid!)).toBeNull()
    } finally {
      server.close()
      await sessions.close()
      await cleanupPrefix(prefix)
    }
  })
})

describe('cookie options validation', () => {
  const sessions = { store: {} } as unknown as Sessions
  it('refuses SameSite=None without Secure, and a __Host- name where it cannot apply', () => {
    expect(() => expressSessions(sessions, { cookies: { sameSite: 'none', secure: false } })).toThrow(ConfigError)
    expect(() => expressSessions(sessions, { cookies: { path: '/app', names: { accessToken: '__Host-x' } } })).toThrow(ConfigError)
    expect(() => expressSessions(sessions, { cookies: false, tokenFrom: ['cookie'] })).toThrow(ConfigError)
  })
  it('drops prefixes when secure is off (plain-http development)', () => {
    const jwt = expressSessions(sessions, { cookies: { secure: false } })
    expect(jwt.core.config.cookies).toMatchObject({ accessName: 'jwts-at', refreshName: 'jwts-rt', secure: false })
  })
})
