// Spans through the real OpenTelemetry SDK (in-memory span exporter) against a real Redis.
import { afterAll, describe, expect, it } from 'vitest'
import { createSessions, redisStore, type Sessions } from '../../src/index.js'
import { createHttpCore } from '../../src/http/core.js'
import type { HttpRequestView } from '../../src/http/request.js'
import { memoryMeter, memoryTracer } from '../helpers/otel.js'
import { cleanupPrefix, redisUrl, uniquePrefix } from '../helpers/redis.js'

const SECRET = 'traces-secret-of-at-least-32-bytes-long!!'
const prefix = uniquePrefix('obs-trace')
const tracer = memoryTracer()
const engines: Sessions[] = []

function engine(telemetry: Record<string, unknown>): Sessions {
  const s = createSessions({
    store: redisStore({ url: redisUrl(), keyPrefix: prefix }),
    secret: SECRET,
    telemetry: { tracerProvider: tracer.provider, ...telemetry },
  })
  engines.push(s)
  return s
}

const view = (over: Partial<HttpRequestView> = {}): HttpRequestView => ({
  method: 'POST',
  url: '/',
  headers: {},
  ...over,
})

afterAll(async () => {
  for (const s of engines) await s.close()
  await tracer.shutdown()
  await cleanupPrefix(prefix)
})

describe('spans (OpenTelemetry SDK, in-memory span exporter)', () => {
  it('none unless traces: true, even with a TracerProvider at hand', async () => {
    tracer.reset()
    const s = engine({ traces: false })
    const t = await s.create('quiet')
    await s.verify(t.accessToken)
    expect(tracer.spans()).toHaveLength(0)
  })

  it('store operations: operation and outcome attributes, no user data, no token material', async () => {
    tracer.reset()
    const s = engine({ traces: true })
    const t = await s.create('ivy')
    await s.verify(t.accessToken)
    await s.refresh(t.refreshToken)
    await s.revoke(t.sessionId)
    expect(await s.verify(t.accessToken).catch((e: { code: string }) => e.code)).toBe('SESSION_REVOKED')
    const names = tracer.spans().map((x) => x.name)
    expect(names).toEqual(
      expect.arrayContaining([
        'jwt_sessions.store.create',
        'jwt_sessions.store.verify',
        'jwt_sessions.store.rotate',
        'jwt_sessions.store.revoke',
      ]),
    )
    const verify = tracer.spans().find((x) => x.name === 'jwt_sessions.store.verify')!
    expect(verify.attributes).toMatchObject({
      'jwt_sessions.store.operation': 'verify',
      'jwt_sessions.store.kind': 'redis',
      'jwt_sessions.outcome': 'ok',
    })
    const dump = JSON.stringify(tracer.spans().map((x) => x.attributes))
    expect(dump).not.toContain('ivy')
    expect(dump).not.toContain(t.accessToken.split('.')[2]!)
    expect(dump).not.toContain(t.refreshToken.split('.')[3]!)
  })

  it('the user id only when traceUserId is on', async () => {
    tracer.reset()
    const s = engine({ traces: true, traceUserId: true })
    const t = await s.create('jules')
    await s.verify(t.accessToken)
    const spans = tracer.spans().filter((x) => x.name.startsWith('jwt_sessions.store.'))
    expect(spans.length).toBeGreaterThanOrEqual(2)
    for (const span of spans) expect(span.attributes['enduser.id']).toBe('jules')
  })

  it('HTTP handlers: one span each with the status code; a failure sets ERROR with the code', async () => {
    tracer.reset()
    const s = engine({ traces: true })
    const core = createHttpCore(s)
    const signed = await core.signIn(view({ ip: '192.0.2.1' }), 'kim')
    expect(signed.status).toBe(200)
    const token = signed.body.accessToken!
    const auth = await core.requireAuth(view({ method: 'GET', headers: { authorization: `Bearer ${token}` } }))
    expect(auth.context.userId).toBe('kim')
    expect(
      await core
        .requireAuth(view({ method: 'GET', headers: { authorization: 'Bearer nope.nope.nope' } }))
        .catch((e: { code: string }) => e.code),
    ).toBe('TOKEN_INVALID')
    const byName = (n: string) => tracer.spans().filter((x) => x.name === n)
    expect(byName('jwt_sessions.http.signIn')[0]?.attributes).toMatchObject({
      'jwt_sessions.http.handler': 'signIn',
      'http.response.status_code': 200,
      'jwt_sessions.outcome': 'ok',
    })
    const [ok, failed] = byName('jwt_sessions.http.requireAuth')
    expect(ok?.attributes['jwt_sessions.outcome']).toBe('ok')
    expect(ok?.attributes['enduser.id']).toBeUndefined()
    expect(failed?.attributes['jwt_sessions.outcome']).toBe('TOKEN_INVALID')
    expect(failed?.status).toEqual({ code: 2, message: 'TOKEN_INVALID' })
  })

  it('HTTP logout counts as logout even when it revokes by session id', async () => {
    const meter = memoryMeter()
    const s = engine({ meterProvider: meter.provider })
    const core = createHttpCore(s)
    const token = (await core.signIn(view(), 'lou')).body.accessToken!
    const headers = { authorization: `Bearer ${token}` }
    const auth = await core.requireAuth(view({ headers }))
    expect((await core.logout(view({ headers }), auth)).status).toBe(200)
    expect(await meter.value('jwt_sessions.sessions.revoked', { 'jwt_sessions.reason': 'logout' })).toBe(1)
    expect(await meter.value('jwt_sessions.sessions.revoked', { 'jwt_sessions.reason': 'admin' })).toBe(0)
    await meter.shutdown()
  })
})
