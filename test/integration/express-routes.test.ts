import type { AddressInfo } from 'node:net'
import type { Server } from 'node:http'
import express from 'express'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSessions, redisStore, type Sessions } from '../../src/index.js'
import { expressSessions, type ExpressSessions } from '../../src/adapters/express/index.js'
import { cleanupPrefix, redisUrl, uniquePrefix } from '../helpers/redis.js'

const SECRET = 'an-integration-test-secret-of-at-least-32-bytes!'

type App = ReturnType<typeof express>
// express4 (npm:express@4) ships no types of its own; it has Express 5's surface for what we use.
const express4Specifier: string = 'express4'
const express4 = ((await import(express4Specifier)) as { default: typeof express }).default

function build(factory: () => App, jwt: ExpressSessions<{ theme?: string }>, withJsonParser: boolean): App {
  const app = factory()
  if (withJsonParser) app.use(express.json())
  app.post('/login', async (req, res) => {
    const body = (req.body ?? {}) as { user?: unknown }
    const user = typeof req.query.user === 'string' ? req.query.user : String(body.user ?? 'alice')
    res.json(await jwt.signIn(req, res, user, { data: { theme: 'light' }, claims: { role: 'member' } }))
  })
  app.get('/profile', jwt.auth, (req, res) => res.json({ user: req.user, session: req.session }))
  app.get('/feed', jwt.optionalAuth, (req, res) => res.json({ user: req.user ?? null }))
  app.post('/theme', jwt.auth, async (req, res) => {
    const s = jwt.sessionOf(req)!
    s.data = { theme: 'dark' }
    await s.update()
    await s.reload()
    res.json({ data: s.data, touched: await s.touch() })
  })
  app.post('/logout', jwt.logout)
  app.post('/logout-all', jwt.auth, jwt.logoutAll)
  app.post('/refresh', jwt.refresh)
  app.use('/api/token', jwt.routes())
  app.use(jwt.errorHandler())
  return app
}

async function listen(app: App): Promise<{ server: Server; base: string }> {
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s))
  })
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }
}

const versions = [
  ['express 5', () => express()],
  ['express 4', () => express4()],
] as const

for (const [name, factory] of versions) {
  for (const withJsonParser of [false, true]) {
    describe(`${name}${withJsonParser ? ' with express.json()' : ''}: routes and handlers`, () => {
      const prefix = uniquePrefix('express')
      let now = Date.now()
      let sessions: Sessions<{ theme?: string }>
      let server: Server
      let base: string

      const post = (path: string, body?: unknown, headers: Record<string, string> = {}) =>
        fetch(base + path, {
          method: 'POST',
          headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
          body: body === undefined ? undefined : JSON.stringify(body),
        })
      const get = (path: string, token?: string) =>
        fetch(base + path, { headers: token === undefined ? {} : { authorization: `Bearer ${token}` } })
      const login = async (user = 'alice') => {
        const r = await post(`/login?user=${user}`)
        expect(r.status).toBe(200)
        return (await r.json()) as { accessToken: string; refreshToken: string; sessionId: string; expiresIn: number }
      }

      beforeAll(async () => {
        sessions = createSessions({
          store: redisStore({ url: redisUrl(), keyPrefix: prefix }),
          secret: SECRET,
          accessTokenTtl: '15m',
          refreshReuseGrace: '10s',
          clock: () => now,
        })
        const jwt = expressSessions(sessions, {
          authorize: ({ action, user }) => action === 'health' || user.id === 'admin',
        })
        ;({ server, base } = await listen(build(factory, jwt, withJsonParser)))
      })

      afterAll(async () => {
        server.close()
        await sessions.close()
        await cleanupPrefix(prefix)
      })

      it('signs in, authenticates, exposes the request session without the token', async () => {
        const t = await login()
        expect(t.expiresIn).toBe(900)
        const r = await get('/profile', t.accessToken)
        expect(r.status).toBe(200)
        const body = (await r.json()) as { user: Record<string, unknown>; session: Record<string, unknown> }
        expect(body.user).toEqual({ id: 'alice', role: 'member' })
        expect(body.session).toMatchObject({ id: t.sessionId, userId: 'alice', data: { theme: 'light' } })
        expect(JSON.stringify(body.session)).not.toContain(t.accessToken)
      })

      it('update, reload and touch the session data', async () => {
        const t = await login()
        const r = await post('/theme', undefined, { authorization: `Bearer ${t.accessToken}` })
        expect(await r.json()).toEqual({ data: { theme: 'dark' }, touched: true })
        const p = (await (await get('/profile', t.accessToken)).json()) as { session: { data: unknown } }
        expect(p.session.data).toEqual({ theme: 'dark' })
      })

      it('401 TOKEN_MISSING with a bare Bearer challenge when no token is sent', async () => {
        const r = await get('/profile')
        expect(r.status).toBe(401)
        expect(r.headers.get('www-authenticate')).toBe('Bearer')
        expect(r.headers.get('cache-control')).toBe('no-store')
        expect(await r.json()).toEqual({ error: { code: 'TOKEN_MISSING', message: expect.any(String) } })
      })

      it('401 TOKEN_INVALID with error="invalid_token" for a bad token, and for an empty Bearer', async () => {
        for (const auth of ['Bearer not.a.token', 'Bearer ']) {
          const r = await fetch(`${base}/profile`, { headers: { authorization: auth } })
          expect(r.status).toBe(401)
          expect(r.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"')
          expect(((await r.json()) as { error: { code: string } }).error.code).toBe('TOKEN_INVALID')
        }
      })

      it('401 TOKEN_EXPIRED after the access token life', async () => {
        const t = await login()
        now += 16 * 60_000
        try {
          const r = await get('/profile', t.accessToken)
          expect(r.status).toBe(401)
          expect(((await r.json()) as { error: { code: string } }).error.code).toBe('TOKEN_EXPIRED')
        } finally {
          now -= 16 * 60_000
        }
      })

      it('optionalAuth: anonymous without a token, user with one, 401 with a bad one', async () => {
        expect(await (await get('/feed')).json()).toEqual({ user: null })
        const t = await login()
        expect(await (await get('/feed', t.accessToken)).json()).toEqual({ user: { id: 'alice', role: 'member' } })
        const bad = await get('/feed', 'garbage')
        expect(bad.status).toBe(401)
        expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('TOKEN_INVALID')
      })

      it('logout ends the session and answers the same for a dead one; no token is 401', async () => {
        const t = await login()
        const auth = { authorization: `Bearer ${t.accessToken}` }
        const first = await post('/logout', undefined, auth)
        expect(first.status).toBe(200)
        const firstBody = await first.json()
        expect((await get('/profile', t.accessToken)).status).toBe(401)
        const again = await post('/logout', undefined, auth)
        expect(again.status).toBe(200)
        expect(await again.json()).toEqual(firstBody)
        const none = await post('/logout')
        expect(none.status).toBe(401)
      })

      it('logoutAll ends every session, or every other one with exceptCurrent', async () => {
        const a = await login('carol')
        const b = await login('carol')
        const c = await login('carol')
        const keep = await post('/logout-all', { exceptCurrent: true }, { authorization: `Bearer ${a.accessToken}` })
        expect(keep.status).toBe(200)
        expect(await keep.json()).toMatchObject({ success: true, data: { revoked: 2 } })
        expect((await get('/profile', a.accessToken)).status).toBe(200)
        expect((await get('/profile', b.accessToken)).status).toBe(401)
        expect((await get('/profile', c.accessToken)).status).toBe(401)
        const all = await post('/logout-all', undefined, { authorization: `Bearer ${a.accessToken}` })
        expect(await all.json()).toMatchObject({ data: { revoked: 1 } })
        expect((await get('/profile', a.accessToken)).status).toBe(401)
        const bad = await post('/logout-all', { exceptCurrent: 'yes' }, { authorization: `Bearer ${a.accessToken}` })
        expect(bad.status).toBe(401)
      })

      it('jwt.refresh rotates; a benign repeat gets the same successor; older reuse is 401 REFRESH_TOKEN_REUSED', async () => {
        const t = await login()
        const r1 = await post('/refresh', { refreshToken: t.refreshToken })
        expect(r1.status).toBe(200)
        expect(r1.headers.get('cache-control')).toBe('no-store')
        const n1 = (await r1.json()) as { accessToken: string; refreshToken: string; tokenType: string }
        expect(n1.tokenType).toBe('Bearer')
        const again = (await (await post('/refresh', { refreshToken: t.refreshToken })).json()) as typeof n1
        expect(again.refreshToken).toBe(n1.refreshToken)
        const n2 = (await (await post('/refresh', { refreshToken: n1.refreshToken })).json()) as typeof n1
        const reuse = await post('/refresh', { refreshToken: t.refreshToken })
        expect(reuse.status).toBe(401)
        expect(reuse.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"')
        expect(((await reuse.json()) as { error: { code: string } }).error.code).toBe('REFRESH_TOKEN_REUSED')
        const dead = await post('/refresh', { refreshToken: n2.refreshToken })
        expect(((await dead.json()) as { error: { code: string } }).error.code).toBe('SESSION_REVOKED')
      })

      it('POST /api/token/refresh answers seed 004 envelope with expiresIn in ms', async () => {
        const t = await login()
        const r = await post('/api/token/refresh', { refreshToken: t.refreshToken })
        expect(r.status).toBe(200)
        const body = (await r.json()) as { success: boolean; message: string; data: Record<string, unknown> }
        expect(body.success).toBe(true)
        expect(body.message).toBe('Token refreshed successfully')
        expect(body.data).toMatchObject({ expiresIn: 900_000, sessionId: t.sessionId })
        expect(typeof body.data.accessToken).toBe('string')
        expect(body.data.refreshToken).not.toBe(t.refreshToken)
        expect(new Date(body.data.expiresAt as string).getTime()).toBeGreaterThan(now)
      })

      it('POST /api/token/validate: valid, expired, invalid, missing, wrong type', async () => {
        const t = await login()
        const ok = await post('/api/token/validate', { accessToken: t.accessToken })
        expect(await ok.json()).toEqual({
          success: true,
          message: 'Token validated successfully',
          data: {
            isValid: true,
            isExpired: false,
            needsRefresh: false,
            expiresAt: new Date(now + 900_000).toISOString().replace(/\.\d{3}Z$/, '.000Z'),
            timeUntilExpiry: expect.any(Number),
            userId: 'alice',
          },
        })
        const bad = (await (await post('/api/token/validate', { accessToken: 'x.y.z' })).json()) as { data: Record<string, unknown> }
        expect(bad.data).toMatchObject({ isValid: false, isExpired: false, expiresAt: null, userId: null })
        const missing = await post('/api/token/validate', {})
        expect(missing.status).toBe(401)
        expect(await missing.json()).toMatchObject({ success: false, error: { code: 'TOKEN_MISSING' } })
        const wrong = await post('/api/token/validate', { accessToken: 42 })
        expect(wrong.status).toBe(400)
        expect(await wrong.json()).toMatchObject({ success: false, error: { code: 'BAD_REQUEST' } })
      })

      it('POST /api/token/auto-refresh refreshes only within the threshold', async () => {
        const t = await login()
        const fresh = (await (
          await post('/api/token/auto-refresh', { accessToken: t.accessToken, refreshToken: t.refreshToken })
        ).json()) as { data: Record<string, unknown> }
        expect(fresh.data).toMatchObject({ refreshed: false })
        expect(fresh.data.accessToken).toBeUndefined()
        now += 14 * 60_000
        try {
          const r = await post('/api/token/auto-refresh', { accessToken: t.accessToken, refreshToken: t.refreshToken })
          const body = (await r.json()) as { message: string; data: Record<string, unknown> }
          expect(body.message).toBe('Token refreshed successfully')
          expect(body.data).toMatchObject({ refreshed: true, expiresIn: 900_000, sessionId: t.sessionId })
          expect(body.data.refreshToken).not.toBe(t.refreshToken)
        } finally {
          now -= 14 * 60_000
        }
        const noRefresh = await post('/api/token/auto-refresh', { accessToken: 'bad' })
        expect(noRefresh.status).toBe(401)
        expect(await noRefresh.json()).toMatchObject({ error: { code: 'TOKEN_MISSING' } })
      })

      it('GET /api/token/session-stats/:userId: own user, 403 for others, authorize hook allows', async () => {
        const t = await login('dave')
        const own = await get('/api/token/session-stats/dave', t.accessToken)
        expect(own.status).toBe(200)
        expect(await own.json()).toMatchObject({ success: true, data: { userId: 'dave', activeSessions: 1 } })
        const other = await get('/api/token/session-stats/alice', t.accessToken)
        expect(other.status).toBe(403)
        expect(await other.json()).toMatchObject({ success: false, error: { code: 'FORBIDDEN' } })
        const admin = await login('admin')
        const allowed = await get('/api/token/session-stats/dave', admin.accessToken)
        expect(allowed.status).toBe(200)
        const anon = await get('/api/token/session-stats/dave')
        expect(anon.status).toBe(401)
        expect(anon.headers.get('www-authenticate')).toBe('Bearer')
      })

      it('GET /api/token/health: status only without auth, details with', async () => {
        const anon = await get('/api/token/health')
        expect(anon.status).toBe(200)
        expect(await anon.json()).toEqual({ success: true, message: 'Session store is healthy', data: { status: 'ok' } })
        const t = await login()
        const detailed = (await (await get('/api/token/health', t.accessToken)).json()) as { data: Record<string, unknown> }
        expect(detailed.data).toMatchObject({ status: 'ok', store: expect.any(String), latencyMs: expect.any(Number) })
      })

      it('GET /sessions flags the current one; DELETE another user\'s or an unknown id is 404', async () => {
        const a1 = await login('erin')
        const a2 = await login('erin')
        const other = await login('frank')
        const list = (await (await get('/api/token/sessions', a1.accessToken)).json()) as {
          data: { sessions: Array<{ sessionId: string; current: boolean; createdAt: number; meta: unknown }> }
        }
        expect(list.data.sessions).toHaveLength(2)
        expect(list.data.sessions.find((s) => s.current)?.sessionId).toBe(a1.sessionId)
        expect(typeof list.data.sessions[0]?.createdAt).toBe('number')
        const del = (id: string, token: string) =>
          fetch(`${base}/api/token/sessions/${encodeURIComponent(id)}`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } })
        for (const id of [other.sessionId, 'nope', 'a.b', '%E0%A4%A']) {
          const r = await del(id, a1.accessToken)
          expect(r.status).toBe(404)
          expect(await r.json()).toMatchObject({ success: false, error: { code: 'NOT_FOUND' } })
        }
        expect((await get('/profile', other.accessToken)).status).toBe(200)
        const r = await del(a2.sessionId, a1.accessToken)
        expect(r.status).toBe(200)
        expect(await r.json()).toMatchObject({ success: true, data: { sessionId: a2.sessionId, current: false } })
        expect((await get('/profile', a2.accessToken)).status).toBe(401)
      })

      it('bad input never answers 500', async () => {
        const raw = (path: string, body: string | Uint8Array, type?: string) =>
          fetch(base + path, { method: 'POST', headers: type ? { 'content-type': type } : {}, body })
        const cases: Array<[string, Promise<Response>, number, string]> = [
          ['no body', post('/api/token/refresh'), 401, 'TOKEN_MISSING'],
          ['empty object', post('/api/token/refresh', {}), 401, 'TOKEN_MISSING'],
          ['wrong type', post('/api/token/refresh', { refreshToken: 7 }), 400, 'BAD_REQUEST'],
          ['garbage token', post('/api/token/refresh', { refreshToken: 'rt1.garbage' }), 401, 'TOKEN_INVALID'],
          ['array body', raw('/api/token/refresh', '[1]', 'application/json'), 400, 'BAD_REQUEST'],
          ['1 MB', raw('/api/token/refresh', JSON.stringify({ refreshToken: 'x'.repeat(1 << 20) }), 'application/json'), 413, 'PAYLOAD_TOO_LARGE'],
          ['plain jwt.refresh no body', post('/refresh'), 401, 'TOKEN_MISSING'],
        ]
        if (!withJsonParser) {
          cases.push(
            ['text/plain', raw('/api/token/refresh', 'refreshToken=x', 'text/plain'), 415, 'UNSUPPORTED_MEDIA_TYPE'],
            ['non-JSON', raw('/api/token/refresh', '{nope', 'application/json'), 400, 'BAD_REQUEST'],
            ['non-JSON plain', raw('/refresh', '{nope', 'application/json'), 400, 'BAD_REQUEST'],
          )
        }
        for (const [label, pending, status, code] of cases) {
          const r = await pending
          const body = (await r.json()) as { error?: { code: string } }
          expect([label, r.status, body.error?.code]).toEqual([label, status, code])
        }
      })
    })
  }
}
