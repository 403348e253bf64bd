// Metrics recorded through the real OpenTelemetry SDK (in-memory exporter) against a real Redis.
import { afterAll, describe, expect, it } from 'vitest'
import { createSessions, redisStore, type Sessions } from '../../src/index.js'
import { createLimiter } from '../../src/http/rate-limit/limiter.js'
import { LoginGuardCore } from '../../src/http/rate-limit/login-guard.js'
import { memoryMeter, recordingLogger } from '../helpers/otel.js'
import { cleanupPrefix, redisUrl, uniquePrefix } from '../helpers/redis.js'

const SECRET = 'metrics-secret-of-at-least-32-bytes-long!'
const prefix = uniquePrefix('obs')
const meter = memoryMeter()
/** Authentication failures counted for `type` in `operation`. */
const failures = (type: string, operation: string) =>
  meter.value('jwt_sessions.auth.failures', { 'error.type': type, 'jwt_sessions.operation': operation })
/** Refusals counted for the limiter `name` with `reason`. */
const refusals = (name: string, reason: string) =>
  meter.value('jwt_sessions.rate_limit.refusals', { 'jwt_sessions.limiter': name, 'jwt_sessions.reason': reason })
const log = recordingLogger()
let skewMs = 0
const engines: Sessions[] = []

function engine(extra: Record<string, unknown> = {}): Sessions {
  const s = createSessions({
    store: redisStore({ url: redisUrl(), keyPrefix: prefix }),
    secret: SECRET,
    refreshReuseGrace: 0,
    clock: () => Date.now() + skewMs,
    logger: log.logger,
    telemetry: { meterProvider: meter.provider },
    ...extra,
  })
  engines.push(s)
  return s
}

const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: { code?: string }) => e.code,
  )

afterAll(async () => {
  for (const s of engines) await s.close()
  await meter.shutdown()
  await cleanupPrefix(prefix)
})

describe('metrics (OpenTelemetry SDK, in-memory exporter)', () => {
  const s = engine()

  it('login: sessions.created, create.duration in seconds, the live-sessions gauge', async () => {
    await s.create('alice')
    await s.create('alice')
    await s.create('bob')
    expect(await meter.value('jwt_sessions.sessions.created')).toBe(3)
    const h = await meter.histogram('jwt_sessions.create.duration', { 'jwt_sessions.outcome': 'ok' })
    expect(h?.count).toBe(3)
    expect(h!.sum).toBeGreaterThan(0)
    expect(h!.sum).toBeLessThan(3) // seconds, not milliseconds
    expect(await meter.unit('jwt_sessions.create.duration')).toBe('s')
    expect(await meter.unit('jwt_sessions.sessions.created')).toBe('{session}')
    expect(await meter.value('jwt_sessions.sessions.active', { 'jwt_sessions.source': 'counters' })).toBe(3)
  })

  it('verify: duration by outcome, authentication failures by error code', async () => {
    const t = await s.create('carol')
    await s.verify(t.accessToken)
    await s.verify(t.accessToken)
    expect(await codeOf(s.verify('not-a-token'))).toBe('TOKEN_INVALID')
    expect((await s.validate('also.not.a-token')).isValid).toBe(false)
    expect((await meter.histogram('jwt_sessions.verify.duration', { 'jwt_sessions.outcome': 'ok' }))?.count).toBe(2)
    expect(
      (await meter.histogram('jwt_sessions.verify.duration', { 'jwt_sessions.outcome': 'TOKEN_INVALID' }))?.count,
    ).toBe(2)
    expect(await failures('TOKEN_INVALID', 'verify')).toBe(2)
  })

  it('refresh and reuse: refreshed, reuse_detected, revoked{reuse}, a warn audit line with user and session id', async () => {
    const t = await s.create('dave')
    const next = await s.refresh(t.refreshToken)
    expect(await meter.value('jwt_sessions.sessions.refreshed')).toBe(1)
    expect((await meter.histogram('jwt_sessions.refresh.duration', { 'jwt_sessions.outcome': 'ok' }))?.count).toBe(1)
    skewMs += 1000
    expect(await codeOf(s.refresh(t.refreshToken))).toBe('REFRESH_TOKEN_REUSED')
    expect(
      (await meter.points('jwt_sessions.refresh_token.reuse_detected')).map((p) => [
        p.attributes['jwt_sessions.reason'],
        p.value,
      ]),
    ).toEqual([['grace-expired', 1]])
    expect(await meter.value('jwt_sessions.sessions.revoked', { 'jwt_sessions.reason': 'reuse' })).toBe(1)
    expect(await failures('REFRESH_TOKEN_REUSED', 'refresh')).toBe(1)
    expect(await codeOf(s.refresh(next.refreshToken))).toBe('SESSION_REVOKED')
    expect(await failures('SESSION_REVOKED', 'refresh')).toBe(1)
    const audit = log.lines.find((l) => l.record['event'] === 'session.reuse_detected')
    expect(audit?.level).toBe('warn')
    expect(audit?.record).toMatchObject({ userId: 'dave', sessionId: t.sessionId })
  })

  it('revoke: logout (by token) and admin (by session id), with the session duration at its end', async () => {
    const a = await s.create('erin')
    const b = await s.create('erin')
    skewMs += 90_000
    expect(await s.revoke(a.refreshToken)).toBe(true)
    expect(await s.revoke(b.sessionId)).toBe(true)
    expect(await s.revoke(b.sessionId)).toBe(false)
    expect(await meter.value('jwt_sessions.sessions.revoked', { 'jwt_sessions.reason': 'logout' })).toBe(1)
    expect(await meter.value('jwt_sessions.sessions.revoked', { 'jwt_sessions.reason': 'admin' })).toBe(1)
    for (const reason of ['logout', 'admin']) {
      const h = await meter.histogram('jwt_sessions.session.duration', { 'jwt_sessions.reason': reason })
      expect(h?.count).toBe(1)
      expect(h!.sum).toBeGreaterThanOrEqual(90)
      expect(h!.sum).toBeLessThan(95)
    }
  })

  it('revokeAll: revoked{revokeAll} with durations, and a warn audit line naming the sessions', async () => {
    const before = await meter.value('jwt_sessions.sessions.revoked', { 'jwt_sessions.reason': 'revokeAll' })
    const ids = [(await s.create('frank')).sessionId, (await s.create('frank')).sessionId]
    skewMs += 30_000
    expect(await s.revokeAll('frank')).toBe(2)
    expect(await meter.value('jwt_sessions.sessions.revoked', { 'jwt_sessions.reason': 'revokeAll' })).toBe(before + 2)
    expect(
      (await meter.histogram('jwt_sessions.session.duration', { 'jwt_sessions.reason': 'revokeAll' }))?.count,
    ).toBe(2)
    const audit = log.lines.find((l) => l.record['event'] === 'session.revoke_all' && l.record['userId'] === 'frank')
    expect(audit?.level).toBe('warn')
    expect([...(audit!.record['sessionIds'] as string[])].sort()).toEqual([...ids].sort())
  })

  it('eviction past maxSessionsPerUser: revoked{eviction} and its session duration', async () => {
    const single = engine({ maxSessionsPerUser: 1 })
    await single.create('gina')
    skewMs += 10_000
    await single.create('gina')
    expect(await meter.value('jwt_sessions.sessions.revoked', { 'jwt_sessions.reason': 'eviction' })).toBe(1)
    const h = await meter.histogram('jwt_sessions.session.duration', { 'jwt_sessions.reason': 'eviction' })
    expect(h?.count).toBe(1)
    expect(h!.sum).toBeGreaterThanOrEqual(10)
  })

  it('rate limits: refusals by limiter, the login guard as well, with a login.blocked audit line', async () => {
    const limiter = createLimiter(s.store, { limit: 1, window: '1m', name: 'obs-api' })
    const req = { ip: '203.0.113.7', method: 'GET', mount: '/api', userId: undefined, raw: {} }
    expect((await limiter.consume(req)).refused).toBeUndefined()
    expect((await limiter.consume(req)).refused?.status).toBe(429)
    expect((await limiter.consume(req)).refused?.status).toBe(429)
    expect(await refusals('obs-api', 'limit')).toBe(2)
    const guard = new LoginGuardCore(s.store, { maxFailures: 1, name: 'obs-login' })
    await (await guard.begin('198.51.100.4', 'Mallory')).fail()
    expect(await codeOf(guard.begin('198.51.100.4', 'mallory'))).toBe('RATE_LIMITED')
    expect(await refusals('obs-login', 'limit')).toBe(1)
    const audit = log.lines.find((l) => l.record['event'] === 'login.blocked')
    expect(audit?.level).toBe('warn')
    expect(audit?.record).toMatchObject({ guard: 'obs-login', username: 'mallory', ip: '198.51.100.4' })
  })

  it('never logs token material', async () => {
    const t = await s.create('hank')
    await s.refresh(t.refreshToken)
    skewMs += 1000
    await codeOf(s.refresh(t.refreshToken))
    const text = JSON.stringify(log.lines)
    expect(text).not.toContain(t.refreshToken.split('.')[3]!)
    expect(text).not.toContain(t.accessToken.split('.')[2]!)
    expect(text).not.toContain(SECRET)
  })

  it('the live-sessions gauge follows starts and ends in this process', async () => {
    const created = await meter.value('jwt_sessions.sessions.created')
    const ended = (await meter.points('jwt_sessions.sessions.revoked')).reduce((n, p) => n + p.value, 0)
    expect(await meter.value('jwt_sessions.sessions.active', { 'jwt_sessions.source': 'counters' })).toBe(
      created - ended,
    )
  })
})
