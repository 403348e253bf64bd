// STORE_UNAVAILABLE messages and outage log lines say what happened (refused, timed out, auth
// failed, failing over) and never carry a secret from the URL.
import { afterAll, describe, expect, it } from 'vitest'
import { redisStore } from '../../src/index.js'
import { describeRedisError } from '../../src/stores/redis/describe-error.js'
import { freePort, RedisServer } from '../helpers/redis-server.js'
import { waitUntil } from '../helpers/cluster.js'
import { SentinelHarness } from '../helpers/sentinel.js'

const PASSWORD = 'hunter2-never-printed'

async function failure(p: Promise<unknown>): Promise<{ code: string; message: string; ms: number }> {
  const start = Date.now()
  try {
    await p
    return { code: 'resolved', message: '', ms: Date.now() - start }
  } catch (err) {
    const e = err as { code?: string; message?: string }
    return { code: e.code ?? 'none', message: e.message ?? '', ms: Date.now() - start }
  }
}

describe('what STORE_UNAVAILABLE and the outage log say', () => {
  const servers: RedisServer[] = []
  afterAll(async () => {
    for (const s of servers) await s.dispose()
  })

  it('a refused connection says refused, at once, not "did not answer"', async () => {
    const lines: string[] = []
    const url = `redis://user:${PASSWORD}@127.0.0.1:${await freePort()}`
    const store = redisStore({ url, commandTimeout: '2s', logger: { warn: (m) => lines.push(m) } })
    try {
      const first = await failure(store.ping())
      expect(first).toMatchObject({
        code: 'STORE_UNAVAILABLE',
        message: expect.stringMatching(/refused the connection/),
      })
      expect(first.ms).toBeLessThan(1000)
      const again = await failure(store.ping())
      expect(again.message).toMatch(/refused the connection/)
      expect(again.ms).toBeLessThan(200)
      expect(lines).toHaveLength(1)
      expect(lines[0]).toMatch(/Redis unavailable \(Redis refused the connection\)/)
      expect([first.message, again.message, ...lines].join('\n')).not.toContain(PASSWORD)
    } finally {
      await store.close()
    }
  })

  it('wrong credentials say auth failed, without the password', async () => {
    const server = await RedisServer.start(['--requirepass', 'the-right-one'])
    servers.push(server)
    const lines: string[] = []
    const store = redisStore({
      url: `redis://default:${PASSWORD}@127.0.0.1:${server.port}`,
      logger: { warn: (m) => lines.push(m) },
    })
    try {
      const r = await failure(store.ping())
      expect(r).toMatchObject({ code: 'STORE_UNAVAILABLE', message: expect.stringMatching(/auth failed/) })
      expect(lines[0]).toMatch(/auth failed/)
      expect([r.message, ...lines].join('\n')).not.toContain(PASSWORD)
    } finally {
      await store.close()
    }
  })

  it('a stalled server says it did not answer within the timeout', async () => {
    const server = await RedisServer.start()
    servers.push(server)
    const store = redisStore({ url: server.url, commandTimeout: 300, logger: { warn: () => undefined } })
    try {
      await store.ping()
      server.pause()
      expect((await failure(store.ping())).message).toMatch(/did not answer within 300 ms/)
    } finally {
      server.resume()
      await store.close()
    }
  })

  it('Sentinel: the outage line says what failed, and the failover is logged', async () => {
    const h = await SentinelHarness.start()
    const lines: string[] = []
    const store = redisStore({
      sentinel: { name: h.name, sentinelRootNodes: h.sentinelRootNodes },
      logger: { warn: (m) => lines.push(m) },
    })
    try {
      await store.ping()
      await h.killMaster()
      await h.waitForPromotion()
      await waitUntil('the store answers again', () =>
        store.ping().then(
          () => true,
          () => false,
        ),
      )
      const outage = lines.filter((l) => l.includes('unavailable'))
      expect(outage.length).toBeGreaterThanOrEqual(1)
      for (const l of outage)
        expect(l).toMatch(/unavailable \((Redis refused the connection|the connection to Redis was (lost|reset))\)/)
      expect(lines.join('\n')).not.toMatch(/\(error\)/)
      expect(lines).toContain('jwt-sessions: Sentinel failed over to a new master')
    } finally {
      await store.close()
      await h.dispose()
    }
  }, 60_000)

  it('names Sentinel, cluster and failover conditions from codes, never from message text', () => {
    // What node-redis's Sentinel emits as an 'error' event: a string, not an Error.
    expect(describeRedisError(`obseve client error: Error: connect ECONNREFUSED 127.0.0.1:26379`)).toBe(
      'Redis refused the connection',
    )
    expect(
      describeRedisError(
        new Error("Master Client (127.0.0.1:7000): READONLY You can't write against a read only replica."),
      ),
    ).toMatch(/failing over/)
    expect(describeRedisError(new Error('CLUSTERDOWN The cluster is down'))).toMatch(/failing over/)
    expect(describeRedisError(new Error('MASTERDOWN Link with MASTER is down'))).toMatch(/failing over/)
    expect(describeRedisError(new Error('WRONGPASS invalid username-password pair or user is disabled.'))).toMatch(
      /auth failed/,
    )
    expect(
      describeRedisError(
        Object.assign(new Error(`connect ETIMEDOUT redis://:${PASSWORD}@10.0.0.1`), { code: 'ETIMEDOUT' }),
      ),
    ).toBe('connecting to Redis timed out')
    expect(describeRedisError(new Error(`something about redis://:${PASSWORD}@host`))).not.toContain(PASSWORD)
  })
})
