import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSessions, redisStore, StoreUnavailableError, type Sessions } from '../../src/index.js'
import { userKey } from '../../src/stores/keys.js'
import { ask, info, RedisClusterHarness, waitUntil } from '../helpers/cluster.js'
import { uniquePrefix } from '../helpers/redis.js'
import { Traffic } from './failover-traffic.js'

const SECRET = 'failover-test-secret-of-at-least-32-bytes'

/** Finds a user id whose hash lives on the master at `port` (or on any master with a replica). */
async function userOn(
  h: RedisClusterHarness,
  prefix: string,
  want: (master: number) => Promise<boolean>,
): Promise<string> {
  for (let i = 0; i < 500; i++) {
    const id = `user-${i}`
    if (await want(await h.masterFor(userKey(prefix, id)))) return id
  }
  throw new Error('no user id maps to the wanted master')
}

describe('Redis Cluster: masters only, admin counts, failover', () => {
  let h: RedisClusterHarness
  const prefix = uniquePrefix('fo-cluster')
  let store: ReturnType<typeof redisStore>
  let durable: ReturnType<typeof redisStore>
  let sessions: Sessions<unknown>
  let acked: Sessions<unknown>
  const reuse: unknown[] = []

  beforeAll(async () => {
    h = await RedisClusterHarness.start()
    store = redisStore({ cluster: { rootNodes: h.rootNodes }, keyPrefix: prefix, logger: { warn: () => undefined } })
    // Same cluster and prefix, but every create/rotate/revoke waits for one replica's acknowledgement.
    durable = redisStore({
      cluster: { rootNodes: h.rootNodes },
      keyPrefix: prefix,
      logger: { warn: () => undefined },
      waitForReplicas: { replicas: 1, timeout: '500ms' },
    })
    sessions = createSessions({ store, secret: SECRET })
    acked = createSessions({ store: durable, secret: SECRET })
    sessions.on('reuseDetected', (e) => reuse.push(e))
    acked.on('reuseDetected', (e) => reuse.push(e))
  })
  afterAll(async () => {
    await store?.close()
    await durable?.close()
    await h?.dispose()
  })

  it('serves every script and read from masters, never from a replica', async () => {
    await Promise.all(h.liveNodes().map((n) => ask(n.port, ['CONFIG', 'RESETSTAT'])))
    for (let i = 0; i < 12; i++) {
      const t = await sessions.create(`reader-${i}`, { data: { i } })
      await sessions.verify(t.accessToken)
      await sessions.get(t.sessionId)
      await sessions.list(`reader-${i}`)
      await sessions.refresh(t.refreshToken)
    }
    const view = await h.view()
    let masterScripts = 0
    for (const n of view) {
      const stats = await info(n.port, 'commandstats')
      const served = ['evalsha', 'eval', 'hmget', 'hgetall'].reduce(
        (sum, c) => sum + Number(/calls=(\d+)/.exec(stats[`cmdstat_${c}`] ?? '')?.[1] ?? 0),
        0,
      )
      if (n.role === 'replica') expect(served, `replica ${n.port} served reads`).toBe(0)
      else masterScripts += served
    }
    expect(masterScripts).toBeGreaterThanOrEqual(12 * 4)
  })

  it('counts sessions on every master (stats), one master at a time', async () => {
    const users = Array.from({ length: 30 }, (_, i) => `counted-${i}`)
    const masters = new Set(await Promise.all(users.map((u) => h.masterFor(userKey(prefix, u)))))
    expect(masters.size).toBe(3)
    const before = (await sessions.stats()).activeSessions
    await Promise.all(users.map((u) => sessions.create(u)))
    const after = await sessions.stats()
    expect(after.activeSessions - before).toBe(30)
  })

  it("while the master of a user's slot is killed: only STORE_UNAVAILABLE, then success again; acknowledged sessions survive", async () => {
    const victim = await userOn(h, prefix, async (m) => (await h.replicasOf(m)).length > 0)
    const oldMaster = await h.masterFor(userKey(prefix, victim))
    // Sessions acknowledged by a replica (WAIT) before the crash, on the dying master's slot.
    const survivors = await Promise.all(Array.from({ length: 5 }, () => acked.create(victim)))
    const traffic = new Traffic(sessions, await sessions.create(victim)).start()
    await new Promise((r) => setTimeout(r, 300))
    const killedAt = Date.now()
    await h.kill(oldMaster)
    const newMaster = await h.waitForPromotion(userKey(prefix, victim), oldMaster)
    expect(newMaster).not.toBe(oldMaster)
    const promotedAt = Date.now()
    await traffic.healthyAgain(promotedAt, 20)
    await traffic.stop()

    expect(traffic.foreignFailures()).toEqual([])
    expect(traffic.failures().length).toBeGreaterThan(0)
    expect(traffic.calls.filter((c) => c.at < killedAt && c.ok).length).toBeGreaterThan(0)
    // No rotation applied twice: the session is intact, no reuse was detected, and the server's
    // generation lies between the rotations the client saw and those plus its failed attempts.
    expect(reuse).toEqual([])
    const key = traffic.tokens.sessionId.split('.')[1]!
    const rec = await store.sessions({ idleTtlMs: 7 * 86_400_000, graceMs: 10_000 }).get(victim, key, Date.now())
    const failedRefreshes = traffic.failures().filter((c) => c.op === 'refresh').length
    expect(rec).not.toBeNull()
    expect(rec!.generation).toBeGreaterThanOrEqual(traffic.rotations)
    expect(rec!.generation).toBeLessThanOrEqual(traffic.rotations + failedRefreshes)
    await sessions.verify(traffic.tokens.accessToken)
    await sessions.refresh(traffic.tokens.refreshToken)
    for (const s of survivors) await expect(sessions.verify(s.accessToken)).resolves.toMatchObject({ userId: victim })
  }, 60_000)

  it('never re-sends a script whose connection dropped mid-flight, nor sends one after its timeout', async () => {
    const id = await userOn(h, prefix, async (m) => (await h.replicasOf(m)).length > 0)
    const key = userKey(prefix, id)
    const master = await h.masterFor(key)
    // A long timeout, so that only the client's own retry logic could make the INCR happen.
    const patient = redisStore({
      cluster: { rootNodes: h.rootNodes },
      keyPrefix: prefix,
      commandTimeout: '30s',
      logger: { warn: () => undefined },
    })
    try {
      await patient.ping()
      await patient.port.send(['DEL', `${key}:n`], `${key}:n`)
      h.pause(master)
      const inFlight = patient.port.send(['INCR', `${key}:n`], `${key}:n`).then(
        (v) => ({ v }),
        (e: unknown) => ({ e }),
      )
      await new Promise((r) => setTimeout(r, 200))
      await h.kill(master)
      // Sent after the crash by a store with the default 1 s timeout: must never run later.
      const late = store.port.send(['INCR', `${key}:late`], `${key}:late`).then(
        (v) => ({ v }),
        (e: unknown) => ({ e }),
      )
      const newMaster = await h.waitForPromotion(key, master)
      expect(await inFlight).toHaveProperty('e')
      expect(await late).toHaveProperty('e')
      // Both stores reach the new master again; neither INCR ever ran there.
      await waitUntil('the store reaches the new master', () => store.ping().then(() => true))
      await waitUntil('the patient store reaches the new master', () =>
        patient.port.send(['GET', `${key}:n`], `${key}:n`).then(() => true),
      )
      await new Promise((r) => setTimeout(r, 1000))
      expect(await ask(newMaster, ['GET', `${key}:n`])).toBeNull()
      expect(await ask(newMaster, ['GET', `${key}:late`])).toBeNull()
    } finally {
      await patient.close()
    }
  }, 60_000)

  it('rejects with StoreUnavailableError when no replica acknowledges a write that was promised durable', async () => {
    // The shard promoted above has no replica left: WAIT cannot be satisfied there.
    const view = await h.view()
    const lonely = view.find(
      (n) =>
        n.role === 'master' && !n.failed && n.slots.length > 0 && !view.some((r) => r.masterId === n.id && !r.failed),
    )
    expect(lonely).toBeDefined()
    const id = await userOn(h, prefix, async (m) => m === lonely!.port)
    const err = await acked.create(id).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(StoreUnavailableError)
    expect((err as Error).message).toMatch(/replicas acknowledged/)
  }, 30_000)
})
