// An outage of a redis-server this test starts and stops: store errors by operation, rate-limit
// refusals while failing closed, and the outage lines through the engine's logger with stable events.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSessions, redisStore, type Sessions } from '../../src/index.js'
import { createLimiter } from '../../src/http/rate-limit/limiter.js'
import { memoryMeter, recordingLogger } from '../helpers/otel.js'
import { RedisServer } from '../helpers/redis-server.js'

const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: { code?: string }) => e.code,
  )

describe('observability during a Redis outage', () => {
  let server: RedisServer
  let s: Sessions
  const meter = memoryMeter()
  const log = recordingLogger()

  beforeAll(async () => {
    server = await RedisServer.start()
    s = createSessions({
      store: redisStore({ url: server.url, keyPrefix: 'obs-outage:', commandTimeout: '500ms' }),
      secret: 'outage-metrics-secret-of-32-bytes-or-more',
      logger: log.logger,
      telemetry: { meterProvider: meter.provider },
    })
  })
  afterAll(async () => {
    await s.close().catch(() => undefined)
    await server.dispose()
    await meter.shutdown()
  })

  it('counts store errors by operation, refusals of a failing-closed limiter, and logs store.unavailable / store.recovered', async () => {
    const t = await s.create('olga')
    const limiter = createLimiter(s.store, { limit: 100, window: '1m', name: 'outage-api' })
    // Store errors of `operation` counted as an outage.
    const unavailable = (operation: string) =>
      meter.value('jwt_sessions.store.errors', {
        'jwt_sessions.store.operation': operation,
        'error.type': 'STORE_UNAVAILABLE',
      })
    await server.stop()
    expect(await codeOf(s.verify(t.accessToken))).toBe('STORE_UNAVAILABLE')
    expect(await codeOf(s.refresh(t.refreshToken))).toBe('STORE_UNAVAILABLE')
    expect(await codeOf(s.create('olga'))).toBe('STORE_UNAVAILABLE')
    const refused = await limiter.consume({ ip: '192.0.2.9', method: 'GET', mount: '/', userId: undefined, raw: {} })
    expect(refused.refused?.status).toBe(503)

    expect(await unavailable('verify')).toBe(1)
    expect(await unavailable('rotate')).toBe(1)
    expect(
      await meter.value('jwt_sessions.store.errors', { 'jwt_sessions.store.operation': 'create' }),
    ).toBeGreaterThanOrEqual(1)
    expect(
      await meter.value('jwt_sessions.rate_limit.refusals', {
        'jwt_sessions.limiter': 'outage-api',
        'jwt_sessions.reason': 'store_unavailable',
      }),
    ).toBe(1)
    expect(await unavailable('hit')).toBe(1)
    // An outage is not an authentication failure.
    expect(await meter.value('jwt_sessions.auth.failures', { 'error.type': 'STORE_UNAVAILABLE' })).toBe(0)
    expect(
      (await meter.histogram('jwt_sessions.verify.duration', { 'jwt_sessions.outcome': 'STORE_UNAVAILABLE' }))?.count,
    ).toBe(1)

    const down = log.lines.filter((l) => l.record['event'] === 'store.unavailable')
    expect(down).toHaveLength(1)
    expect(down[0]).toMatchObject({ level: 'warn', record: { store: 'redis' } })
    expect(down[0]!.message).toMatch(/^jwt-sessions: Redis unavailable/)
    expect(log.events()).toContain('rate_limit.store_unavailable')

    await server.start()
    const since = Date.now()
    // The restarted server kept no data (no persistence): a new sign-in must work again.
    while (!(await s.health()).ok && Date.now() - since < 3000) await new Promise((r) => setTimeout(r, 50))
    expect(await codeOf(s.create('olga'))).toBe('ok')
    expect(log.events()).toContain('store.recovered')
  })
})
