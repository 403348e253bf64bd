import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSessions, redisStore, type Sessions } from '../../src/index.js'
import { RedisServer } from '../helpers/redis-server.js'

const SECRET = 'outage-secret-of-at-least-32-bytes-long'

async function settle(p: Promise<unknown>): Promise<{ code: string; ms: number }> {
  const start = Date.now()
  try {
    await p
    return { code: 'ok', ms: Date.now() - start }
  } catch (err) {
    return { code: (err as { code?: string }).code ?? String(err), ms: Date.now() - start }
  }
}

describe('Redis outage (a redis-server this test starts, stops and restarts)', () => {
  let server: RedisServer
  let s: Sessions
  const warnings: string[] = []
  const unhandled: unknown[] = []
  const onUnhandled = (e: unknown) => unhandled.push(e)

  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled)
    // AOF with fsync always: a SIGKILLed server comes back with its sessions, as a production one would.
    server = await RedisServer.start(['--appendonly', 'yes', '--appendfsync', 'always'])
    s = createSessions({
      store: redisStore({
        url: server.url,
        keyPrefix: 'outage:',
        commandTimeout: '1s',
        logger: { warn: (m) => warnings.push(m) },
      }),
      secret: SECRET,
    })
  })
  afterAll(async () => {
    await s.close().catch(() => undefined)
    await server.dispose()
    process.off('unhandledRejection', onUnhandled)
  })

  it('fails every call with STORE_UNAVAILABLE within the timeout while Redis is down, then recovers within a second', async () => {
    const t = await s.create('u')
    await server.stop()
    const results = await Promise.all([
      settle(s.verify(t.accessToken)),
      settle(s.refresh(t.refreshToken)),
      settle(s.create('u')),
      settle(s.revoke(t.sessionId)),
      settle(s.revokeAll('u')),
      settle(s.list('u')),
      settle(s.get(t.sessionId)),
    ])
    for (const r of results) {
      expect(r.code).toBe('STORE_UNAVAILABLE')
      expect(r.ms).toBeLessThan(1500)
    }
    expect((await s.health()).ok).toBe(false)
    await server.start()
    const back = Date.now()
    let ok = false
    while (!ok && Date.now() - back < 1000) {
      ok = (await settle(s.verify(t.accessToken))).code === 'ok'
      if (!ok) await new Promise((r) => setTimeout(r, 50))
    }
    expect(ok).toBe(true)
    // Nothing queued during the outage was replayed: the refresh attempted while down did not rotate.
    const r = await s.refresh(t.refreshToken)
    await s.verify(r.accessToken)
    expect(warnings.filter((w) => w.includes('unavailable')).length).toBe(1)
  })

  it('settles within the command timeout when Redis stalls (SIGSTOP)', async () => {
    const t = await s.create('stall')
    server.pause()
    try {
      const r = await settle(s.verify(t.accessToken))
      expect(r.code).toBe('STORE_UNAVAILABLE')
      expect(r.ms).toBeGreaterThanOrEqual(900)
      expect(r.ms).toBeLessThan(2000)
    } finally {
      server.resume()
    }
    await new Promise((r) => setTimeout(r, 100))
    expect(unhandled).toEqual([])
  })

  it('closes promptly even when Redis never answered', async () => {
    const dead = redisStore({ url: 'redis://127.0.0.1:1', logger: { warn: () => undefined } })
    expect((await settle(dead.ping())).code).toBe('STORE_UNAVAILABLE')
    const closed = await settle(dead.close())
    expect(closed.code).toBe('ok')
    expect(closed.ms).toBeLessThan(1000)
  })
})
