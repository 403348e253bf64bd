import { afterAll, describe, expect, it } from 'vitest'
import { createSessions, redisStore } from '../../src/index.js'
import { ask, info, waitUntil } from '../helpers/cluster.js'
import { uniquePrefix } from '../helpers/redis.js'
import { SentinelHarness } from '../helpers/sentinel.js'
import { Traffic } from './failover-traffic.js'

const SECRET = 'failover-test-secret-of-at-least-32-bytes'
const quiet = { warn: () => undefined }

describe('Redis Sentinel: masters only, failover', () => {
  const harnesses: SentinelHarness[] = []
  const closers: Array<() => Promise<void>> = []
  const group = async () => {
    const h = await SentinelHarness.start()
    harnesses.push(h)
    return h
  }
  const open = (h: SentinelHarness, prefix: string, extra: Record<string, unknown> = {}) => {
    const s = redisStore({
      sentinel: { name: h.name, sentinelRootNodes: h.sentinelRootNodes },
      keyPrefix: prefix,
      logger: quiet,
      ...extra,
    })
    closers.push(() => s.close())
    return s
  }
  afterAll(async () => {
    for (const c of closers) await c().catch(() => undefined)
    await Promise.all(harnesses.map((h) => h.dispose()))
  })

  it('while the master is killed: only STORE_UNAVAILABLE, then success again; acknowledged sessions survive; no replica reads', async () => {
    const h = await group()
    const prefix = uniquePrefix('fo-sentinel')
    const store = open(h, prefix)
    const durable = open(h, prefix, { waitForReplicas: { replicas: 1, timeout: '500ms' } })
    const sessions = createSessions({ store, secret: SECRET })
    const acked = createSessions({ store: durable, secret: SECRET })
    const reuse: unknown[] = []
    sessions.on('reuseDetected', (e) => reuse.push(e))

    await ask(h.replica.port, ['CONFIG', 'RESETSTAT'])
    const survivors = await Promise.all(Array.from({ length: 5 }, (_, i) => acked.create(`survivor-${i}`)))
    const traffic = new Traffic(sessions, await sessions.create('streamer')).start()
    await new Promise((r) => setTimeout(r, 300))
    const stats = await info(h.replica.port, 'commandstats')
    for (const c of ['evalsha', 'eval', 'hmget', 'hgetall'])
      expect(stats[`cmdstat_${c}`], `replica served ${c}`).toBeUndefined()

    const killedAt = Date.now()
    await h.killMaster()
    await h.waitForPromotion()
    await traffic.healthyAgain(Date.now(), 20)
    await traffic.stop()

    expect(traffic.foreignFailures()).toEqual([])
    expect(traffic.failures().length).toBeGreaterThan(0)
    expect(traffic.calls.filter((c) => c.at < killedAt && c.ok).length).toBeGreaterThan(0)
    expect(reuse).toEqual([])
    const key = traffic.tokens.sessionId.split('.')[1]!
    const rec = await store.sessions({ idleTtlMs: 7 * 86_400_000, graceMs: 10_000 }).get('streamer', key, Date.now())
    const failedRefreshes = traffic.failures().filter((c) => c.op === 'refresh').length
    expect(rec).not.toBeNull()
    expect(rec!.generation).toBeGreaterThanOrEqual(traffic.rotations)
    expect(rec!.generation).toBeLessThanOrEqual(traffic.rotations + failedRefreshes)
    await sessions.refresh(traffic.tokens.refreshToken)
    for (const s of survivors)
      await expect(sessions.verify(s.accessToken)).resolves.toMatchObject({
        userId: expect.stringMatching(/^survivor-/),
      })
  }, 90_000)

  it('never re-sends a command whose connection dropped mid-flight, nor sends one after its timeout', async () => {
    const h = await group()
    const prefix = uniquePrefix('fo-sentinel-resend')
    const store = open(h, prefix)
    // A long timeout, so that only the client's own retry logic could make the INCR happen.
    const patient = open(h, prefix, { commandTimeout: '30s' })
    await patient.ping()
    await store.ping()
    const k = `${prefix}n`
    h.master.proc?.kill('SIGSTOP')
    const inFlight = patient.port.send(['INCR', k], k).then(
      (v) => ({ v }),
      (e: unknown) => ({ e }),
    )
    await new Promise((r) => setTimeout(r, 200))
    await h.killMaster()
    // Sent after the crash with the default 1 s timeout: it must fail, and never run later.
    const late = store.port.send(['INCR', `${k}:late`], `${k}:late`).then(
      (v) => ({ v }),
      (e: unknown) => ({ e }),
    )
    const newMaster = await h.waitForPromotion()
    expect(await inFlight).toHaveProperty('e')
    expect(await late).toHaveProperty('e')
    await waitUntil('the store reaches the new master', () => store.ping().then(() => true))
    await waitUntil('the patient store reaches the new master', () => patient.ping().then(() => true))
    await new Promise((r) => setTimeout(r, 1000))
    expect(await ask(newMaster, ['GET', k])).toBeNull()
    expect(await ask(newMaster, ['GET', `${k}:late`])).toBeNull()
  }, 90_000)
})
