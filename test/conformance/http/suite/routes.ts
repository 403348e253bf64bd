// routes(): seed 004's endpoints with their envelopes, GET /sessions and DELETE /sessions/:id.
import { describe, expect, it } from 'vitest'
import type { HttpDriver } from '../driver.js'
import { useApp } from './context.js'

export function routesSuite(driver: HttpDriver): void {
  describe(`${driver.name}: routes()`, () => {
    const app = useApp(driver, {
      options: { authorize: ({ action, user }) => action === 'health' || user.id === 'admin' },
    })

    it('POST /refresh answers seed 004 envelope with expiresIn in ms', async () => {
      const t = await app.login()
      const r = await app.post('/api/token/refresh', { refreshToken: t.refreshToken })
      expect(r.status).toBe(200)
      expect(r.headers.get('cache-control')).toBe('no-store')
      const body = (await r.json()) as { success: boolean; message: string; data: Record<string, unknown> }
      expect(body.success).toBe(true)
      expect(body.message).toBe('Token refreshed successfully')
      expect(body.data).toMatchObject({ expiresIn: 900_000, sessionId: t.sessionId })
      expect(typeof body.data.accessToken).toBe('string')
      expect(body.data.refreshToken).not.toBe(t.refreshToken)
      expect(new Date(body.data.expiresAt as string).getTime()).toBeGreaterThan(app.now)
    })

    it('POST /refresh with a trailing slash, and refusals in the seed 004 error envelope', async () => {
      const t = await app.login()
      expect((await app.post('/api/token/refresh/', { refreshToken: t.refreshToken })).status).toBe(200)
      const reused = await app.post('/api/token/refresh', { refreshToken: t.refreshToken })
      app.now += 11_000
      try {
        const late = await app.post('/api/token/refresh', { refreshToken: t.refreshToken })
        expect(late.status).toBe(401)
        expect(await late.json()).toEqual({
          success: false,
          message: expect.any(String),
          error: { code: 'REFRESH_TOKEN_REUSED', message: expect.any(String) },
        })
      } finally {
        app.now -= 11_000
      }
      expect(reused.status).toBe(200)
    })

    it('POST /validate: valid, expired, invalid, missing, wrong type', async () => {
      const t = await app.login()
      const ok = await app.post('/api/token/validate', { accessToken: t.accessToken })
      expect(await ok.json()).toEqual({
        success: true,
        message: 'Token validated successfully',
        data: {
          isValid: true,
          isExpired: false,
          needsRefresh: false,
          expiresAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
          timeUntilExpiry: expect.any(Number),
          userId: 'alice',
        },
      })
      app.now += 16 * 60_000
      try {
        const expired = (await (await app.post('/api/token/validate', { accessToken: t.accessToken })).json()) as {
          data: Record<string, unknown>
        }
        expect(expired.data).toMatchObject({ isValid: false, isExpired: true, userId: 'alice' })
      } finally {
        app.now -= 16 * 60_000
      }
      const bad = (await (await app.post('/api/token/validate', { accessToken: 'x.y.z' })).json()) as {
        data: Record<string, unknown>
      }
      expect(bad.data).toMatchObject({ isValid: false, isExpired: false, expiresAt: null, userId: null })
      const missing = await app.post('/api/token/validate', {})
      expect(missing.status).toBe(401)
      expect(await missing.json()).toMatchObject({ success: false, error: { code: 'TOKEN_MISSING' } })
      const byHeader = await app.post('/api/token/validate', {}, { authorization: `Bearer ${t.accessToken}` })
      expect(await byHeader.json()).toMatchObject({ data: { isValid: true } })
      const wrong = await app.post('/api/token/validate', { accessToken: 42 })
      expect(wrong.status).toBe(400)
      expect(await wrong.json()).toMatchObject({ success: false, error: { code: 'BAD_REQUEST' } })
    })

    it('POST /auto-refresh refreshes only within the threshold', async () => {
      const t = await app.login()
      const fresh = (await (
        await app.post('/api/token/auto-refresh', { accessToken: t.accessToken, refreshToken: t.refreshToken })
      ).json()) as {
        data: Record<string, unknown>
      }
      expect(fresh.data).toMatchObject({ refreshed: false })
      expect(fresh.data.accessToken).toBeUndefined()
      app.now += 14 * 60_000
      try {
        const r = await app.post('/api/token/auto-refresh', {
          accessToken: t.accessToken,
          refreshToken: t.refreshToken,
        })
        const body = (await r.json()) as { message: string; data: Record<string, unknown> }
        expect(body.message).toBe('Token refreshed successfully')
        expect(body.data).toMatchObject({ refreshed: true, expiresIn: 900_000, sessionId: t.sessionId })
        expect(body.data.refreshToken).not.toBe(t.refreshToken)
      } finally {
        app.now -= 14 * 60_000
      }
      const noRefresh = await app.post('/api/token/auto-refresh', { accessToken: 'bad' })
      expect(noRefresh.status).toBe(401)
      expect(await noRefresh.json()).toMatchObject({ error: { code: 'TOKEN_MISSING' } })
    })

    it('GET /session-stats/:userId: own user, 403 for others, authorize hook allows', async () => {
      const t = await app.login('dave')
      const own = await app.get('/api/token/session-stats/dave', t.accessToken)
      expect(own.status).toBe(200)
      expect(await own.json()).toMatchObject({ success: true, data: { userId: 'dave', activeSessions: 1 } })
      const other = await app.get('/api/token/session-stats/alice', t.accessToken)
      expect(other.status).toBe(403)
      expect(await other.json()).toMatchObject({ success: false, error: { code: 'FORBIDDEN' } })
      const admin = await app.login('admin')
      expect((await app.get('/api/token/session-stats/dave', admin.accessToken)).status).toBe(200)
      const anon = await app.get('/api/token/session-stats/dave')
      expect(anon.status).toBe(401)
      expect(anon.headers.get('www-authenticate')).toBe('Bearer')
    })

    it('GET /health: status only without auth, details with', async () => {
      const anon = await app.get('/api/token/health')
      expect(anon.status).toBe(200)
      expect(await anon.json()).toEqual({ success: true, message: 'Session store is healthy', data: { status: 'ok' } })
      const t = await app.login()
      const detailed = (await (await app.get('/api/token/health', t.accessToken)).json()) as {
        data: Record<string, unknown>
      }
      expect(detailed.data).toMatchObject({ status: 'ok', store: expect.any(String), latencyMs: expect.any(Number) })
      const badToken = await app.get('/api/token/health', 'garbage')
      expect(await badToken.json()).toEqual({
        success: true,
        message: 'Session store is healthy',
        data: { status: 'ok' },
      })
    })

    it("GET /sessions flags the current one; DELETE another user's or an unknown id is 404", async () => {
      const a1 = await app.login('erin')
      const a2 = await app.login('erin')
      const other = await app.login('frank')
      const list = (await (await app.get('/api/token/sessions', a1.accessToken)).json()) as {
        data: {
          sessions: Array<{
            sessionId: string
            current: boolean
            createdAt: number
            lastActiveAt: number
            expiresAt: number
            meta: unknown
          }>
        }
      }
      expect(list.data.sessions).toHaveLength(2)
      expect(list.data.sessions.find((s) => s.current)?.sessionId).toBe(a1.sessionId)
      expect(Object.keys(list.data.sessions[0] ?? {}).sort()).toEqual([
        'createdAt',
        'current',
        'expiresAt',
        'lastActiveAt',
        'meta',
        'sessionId',
      ])
      expect(typeof list.data.sessions[0]?.createdAt).toBe('number')
      const del = (id: string, token: string) =>
        fetch(`${app.base}/api/token/sessions/${encodeURIComponent(id)}`, {
          method: 'DELETE',
          headers: { authorization: `Bearer ${token}` },
        })
      for (const id of [other.sessionId, 'nope', 'a.b', '%E0%A4%A']) {
        const r = await del(id, a1.accessToken)
        expect(r.status).toBe(404)
        expect(await r.json()).toMatchObject({ success: false, error: { code: 'NOT_FOUND' } })
      }
      expect((await app.get('/profile', other.accessToken)).status).toBe(200)
      const r = await del(a2.sessionId, a1.accessToken)
      expect(r.status).toBe(200)
      expect(await r.json()).toMatchObject({ success: true, data: { sessionId: a2.sessionId, current: false } })
      expect((await app.get('/profile', a2.accessToken)).status).toBe(401)
      const anon = await fetch(`${app.base}/api/token/sessions`)
      expect([anon.status, anon.headers.get('www-authenticate')]).toEqual([401, 'Bearer'])
    })

    it('POST /logout by access or refresh token', async () => {
      const t = await app.login('hank')
      const r = await app.post('/api/token/logout', { refreshToken: t.refreshToken })
      expect(await r.json()).toEqual({ success: true, message: 'Logged out' })
      expect(await app.sessions.get(t.sessionId)).toBeNull()
      const u = await app.login('hank')
      await app.post('/api/token/logout', undefined, { authorization: `Bearer ${u.accessToken}` })
      expect(await app.sessions.get(u.sessionId)).toBeNull()
    })

    it('a path or method it does not serve passes on (404 from the app)', async () => {
      expect((await app.get('/api/token/nope')).status).toBe(404)
      expect((await fetch(`${app.base}/api/token/refresh`)).status).toBe(404)
    })
  })
}
