import express from 'express'
import type { AddressInfo } from 'node:net'
import { afterAll, describe, expect, it } from 'vitest'
import { expressSessions } from '../../src/adapters/express/index.js'
import { createSessions, redisStore, type TokenSet } from '../../src/index.js'
import { cleanupPrefix, redisUrl, uniquePrefix } from '../helpers/redis.js'

// The Core and Express examples of the API contract (shared/design/API.md), as written there.
const prefix = uniquePrefix('contract')

describe('the API contract examples run as written', () => {
  const sessions = createSessions<{ role: string }>({
    store: redisStore({ url: redisUrl(), keyPrefix: prefix }),
    secret: 'contract-example-secret-of-32-bytes-plus',
    issuer: 'my-app',
    audience: 'my-app',
    accessTokenTtl: '15m',
    refreshTokenTtl: '7d',
    sessionTtl: '90d',
    maxSessionsPerUser: 10,
    refreshReuseGrace: '10s',
    clockTolerance: '5s',
  })
  const jwt = expressSessions(sessions, { requestKey: 'session', tokenFrom: ['header', 'cookie'] })
  const app = express()
  const userId = 'contract-user'
  app.post('/login', jwt.rateLimit(5, 15 * 60 * 1000), async (req, res) => res.json(await sessions.create(userId)))
  app.get('/profile', jwt.auth, (req, res) => res.json({ user: req.user, session: req.session }))
  app.get('/feed', jwt.optionalAuth, (req, res) => res.json({ user: req.user ?? null }))
  app.post('/logout', jwt.auth, jwt.logout)
  app.post('/logout-all', jwt.auth, jwt.logoutAll)
  app.post('/refresh', jwt.refresh)
  app.use('/api/token', jwt.routes())
  const server = app.listen(0, '127.0.0.1')
  const base = () => `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const bearer = (t: string) => ({ authorization: `Bearer ${t}` })
  const json = { 'content-type': 'application/json' }

  afterAll(async () => {
    server.close()
    await sessions.close()
    await cleanupPrefix(prefix)
  })

  it('logs in, authenticates, refreshes, validates, lists, logs out, and rate-limits the login', async () => {
    const t = (await (await fetch(`${base()}/login`, { method: 'POST' })).json()) as TokenSet
    const profile = await fetch(`${base()}/profile`, { headers: bearer(t.accessToken) })
    expect(profile.status).toBe(200)
    expect(await profile.json()).toMatchObject({ user: { id: userId }, session: { id: t.sessionId, userId } })
    expect(await (await fetch(`${base()}/feed`)).json()).toEqual({ user: null })
    expect((await fetch(`${base()}/feed`, { headers: bearer('junk') })).status).toBe(401)
    const missing = await fetch(`${base()}/profile`)
    expect(missing.status).toBe(401)
    expect(missing.headers.get('www-authenticate')).toBe('Bearer')
    expect(await missing.json()).toEqual({ error: { code: 'TOKEN_MISSING', message: expect.any(String) } })
    const refreshed = (await (
      await fetch(`${base()}/refresh`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ refreshToken: t.refreshToken }),
      })
    ).json()) as TokenSet
    expect(refreshed.sessionId).toBe(t.sessionId)
    const validated: unknown = await (
      await fetch(`${base()}/api/token/validate`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ accessToken: refreshed.accessToken }),
      })
    ).json()
    expect(validated).toMatchObject({ success: true, data: { isValid: true, userId } })
    const listed = (await (
      await fetch(`${base()}/api/token/sessions`, { headers: bearer(refreshed.accessToken) })
    ).json()) as { data: { sessions: Array<{ current: boolean; sessionId: string }> } }
    expect(listed.data.sessions.find((s) => s.current)?.sessionId).toBe(t.sessionId)
    expect((await fetch(`${base()}/logout`, { method: 'POST', headers: bearer(refreshed.accessToken) })).status).toBe(
      200,
    )
    const after = await fetch(`${base()}/profile`, { headers: bearer(refreshed.accessToken) })
    expect(after.status).toBe(401)
    expect(after.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"')
    expect(((await after.json()) as { error: { code: string } }).error.code).toBe('SESSION_REVOKED')
    const statuses: number[] = []
    for (let i = 0; i < 5; i++) statuses.push((await fetch(`${base()}/login`, { method: 'POST' })).status)
    expect(statuses).toEqual([200, 200, 200, 200, 429])
  })
})
