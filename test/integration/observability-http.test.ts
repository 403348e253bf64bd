// Telemetry through a real adapter over real HTTP (Express on loopback, real Redis): handler spans
// from the adapter seam, and a logout through the route counted as `logout`.
import type { AddressInfo } from 'node:net'
import express from 'express'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expressSessions } from '../../src/adapters/express/index.js'
import { createSessions, redisStore, type Sessions } from '../../src/index.js'
import { memoryMeter, memoryTracer } from '../helpers/otel.js'
import { cleanupPrefix, redisUrl, uniquePrefix } from '../helpers/redis.js'

const prefix = uniquePrefix('obs-http')
const meter = memoryMeter()
const tracer = memoryTracer()
let sessions: Sessions
let server: ReturnType<ReturnType<typeof express>['listen']>
let base = ''

beforeAll(async () => {
  sessions = createSessions({
    store: redisStore({ url: redisUrl(), keyPrefix: prefix }),
    secret: 'http-telemetry-secret-of-at-least-32-bytes',
    telemetry: { meterProvider: meter.provider, tracerProvider: tracer.provider, traces: true },
  })
  const jwt = expressSessions(sessions)
  const app = express()
  app.post('/login', async (req, res, next) => {
    try {
      res.json(await jwt.signIn(req, res, 'nina'))
    } catch (err) {
      next(err)
    }
  })
  app.get('/me', jwt.auth, (_req, res) => void res.json({ ok: true }))
  app.post('/logout', jwt.auth, jwt.logout)
  server = app.listen(0, '127.0.0.1')
  await new Promise((r) => server.once('listening', r))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  await new Promise((r) => server.close(r))
  await sessions.close()
  await meter.shutdown()
  await tracer.shutdown()
  await cleanupPrefix(prefix)
})

describe('telemetry through the Express adapter', () => {
  it('spans for sign-in, authentication and logout with their outcome; the logout counted as logout', async () => {
    const login = await fetch(`${base}/login`, { method: 'POST' })
    expect(login.status).toBe(200)
    const { accessToken } = (await login.json()) as { accessToken: string }
    const headers = { authorization: `Bearer ${accessToken}` }
    expect((await fetch(`${base}/me`, { headers })).status).toBe(200)
    expect((await fetch(`${base}/me`, { headers: { authorization: 'Bearer x.y.z' } })).status).toBe(401)
    expect((await fetch(`${base}/logout`, { method: 'POST', headers })).status).toBe(200)
    expect((await fetch(`${base}/me`, { headers })).status).toBe(401)

    const spans = tracer.spans()
    const outcomes = (name: string) =>
      spans.filter((s) => s.name === name).map((s) => s.attributes['jwt_sessions.outcome'])
    expect(outcomes('jwt_sessions.http.signIn')).toEqual(['ok'])
    expect(outcomes('jwt_sessions.http.authenticate')).toEqual(['ok', 'TOKEN_INVALID', 'ok', 'SESSION_REVOKED'])
    expect(outcomes('jwt_sessions.http.logout')).toEqual(['ok'])
    expect(spans.find((s) => s.name === 'jwt_sessions.http.logout')?.attributes['http.response.status_code']).toBe(200)
    expect(spans.filter((s) => s.name === 'jwt_sessions.store.revoke')).toHaveLength(1)

    expect(await meter.value('jwt_sessions.sessions.revoked', { 'jwt_sessions.reason': 'logout' })).toBe(1)
    expect(await meter.value('jwt_sessions.auth.failures', { 'error.type': 'TOKEN_INVALID' })).toBe(1)
    expect(await meter.value('jwt_sessions.auth.failures', { 'error.type': 'SESSION_REVOKED' })).toBe(1)
  })
})
