// The local session cache in one process: options, expiry decided on hits, the memory store, and a
// property test of random interleavings across two engines with their own caches.
import fc from 'fast-check'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSessions, memoryStore, redisStore, type Sessions, type TokenSet } from '../../src/index.js'
import { codeOf } from '../helpers/code-of.js'
import { scriptCalls } from '../helpers/local-cache.js'
import { RedisServer } from '../helpers/redis-server.js'
import { fakeClock, shortLifetimes } from '../../src/testing/index.js'
import { waitUntil } from '../helpers/cluster.js'

const secret = 'local-cache-test-secret-of-32-bytes-or-more'

describe('local cache', () => {
  let redis: RedisServer
  const open: Sessions[] = []
  const engine = (o: Record<string, unknown> = {}, prefix = 'lc:') => {
    const s = createSessions({
      store: redisStore({ url: redis.url, keyPrefix: prefix }),
      secret,
      localCache: { heartbeat: '100ms' },
      ...o,
    })
    open.push(s)
    return s
  }
  /** Verifies until a verify costs no script call: the cache is live and holds the session. */
  const cached = async (s: Sessions, token: string) => {
    await waitUntil(
      'verify answers from the cache',
      async () => {
        const before = await scriptCalls(redis.port)
        await s.verify(token)
        return (await scriptCalls(redis.port)) === before
      },
      5000,
    )
  }

  beforeAll(async () => {
    redis = await RedisServer.start()
  })
  afterAll(async () => {
    for (const s of open) await s.close()
    await redis?.dispose()
  })

  it('refuses bad localCache options at construction, naming the option', async () => {
    const store = memoryStore()
    const make = (localCache: unknown) => () => createSessions({ store, secret, localCache } as never)
    expect(make({ maxx: 10 })).toThrow(/unknown option "maxx" \(did you mean "max"\?\)/)
    expect(make({ max: 0 })).toThrow(/localCache.max/)
    expect(make({ heartbeat: '1h' })).toThrow(/localCache.heartbeat/)
    expect(make('yes')).toThrow(/localCache must be/)
    const io = new Redis(redis.url, { lazyConnect: true })
    expect(() => createSessions({ store: redisStore({ client: io }), secret, localCache: true })).toThrow(
      /localCache needs a node-redis client/,
    )
    io.disconnect()
    await store.close()
  })

  it('the memory store takes localCache and works unchanged (it is process memory already)', async () => {
    const s = createSessions({ store: memoryStore(), secret, localCache: true })
    const t = await s.create('m', { data: { ok: 1 } })
    expect((await s.verify(t.accessToken)).data).toEqual({ ok: 1 })
    await s.revoke(t.sessionId)
    expect(await codeOf(s.verify(t.accessToken))).toBe('SESSION_REVOKED')
    await s.close()
  })

  it('enforces access-token exp, idle and absolute expiry on hits, with no message from Redis', async () => {
    const clock = fakeClock()
    const s = engine({
      clock: clock.now,
      ...shortLifetimes,
      touchInterval: '2m',
      clockTolerance: 0,
    })
    // Idle: cached at t, unused for the idle window: refused although the cached copy was live.
    const idle = await s.create('idle')
    await cached(s, idle.accessToken)
    clock.advance(10 * 60_000)
    expect(await codeOf(s.verify(idle.accessToken))).toBe('SESSION_REVOKED')
    // Absolute: kept alive by use (a touch every 8 min) until the end of its lifetime.
    const abs = await s.create('absolute')
    for (let i = 0; i < 3; i++) {
      clock.advance(8 * 60_000)
      await s.verify(abs.accessToken)
    }
    await cached(s, abs.accessToken)
    clock.advance(60_000)
    const before = await scriptCalls(redis.port)
    // 3 x 8 min + 1 min = the 25 min lifetime; the cached copy, touched at 24 min, is within its idle window.
    expect(await codeOf(s.verify(abs.accessToken))).toBe('SESSION_REVOKED')
    expect(await scriptCalls(redis.port)).toBeGreaterThan(before)
    // exp: the token's own expiry, with the session still live.
    const clock2 = fakeClock()
    const s2 = engine({ clock: clock2.now, accessTokenTtl: '1m', clockTolerance: 0 })
    const t = await s2.create('exp')
    await cached(s2, t.accessToken)
    clock2.advance(60_000)
    expect(await codeOf(s2.verify(t.accessToken))).toBe('TOKEN_EXPIRED')
  })

  it('a hit still extends the idle window once per touchInterval', async () => {
    const clock = fakeClock()
    const s = engine({ clock: clock.now, accessTokenTtl: '1h', refreshTokenTtl: '10m', touchInterval: '1m' })
    const t = await s.create('touch')
    await cached(s, t.accessToken)
    // Used every 50 s for 30 minutes: always live, though no single cached copy lasts that long.
    for (let i = 0; i < 36; i++) {
      clock.advance(50_000)
      expect((await s.verify(t.accessToken)).userId).toBe('touch')
    }
    const got = await s.get(t.sessionId)
    expect(clock.now() - got!.lastActiveAt).toBeLessThan(60_000 + 50_000)
  })

  it('property: across two caching engines, no verify succeeds after a completed revoke of that session', async () => {
    const a = engine({ refreshReuseGrace: 0 }, 'lcprop:')
    const b = engine({ refreshReuseGrace: 0 }, 'lcprop:')
    const engines = [a, b]
    // Both channels live before the first step, so the steps exercise the cache, not the bypass.
    const probe = await a.create('probe')
    for (const e of engines) await cached(e, probe.accessToken)
    type Cmd =
      | { op: 'create'; user: number; on: number }
      | { op: 'verify' | 'refresh' | 'revoke' | 'update' | 'reuse'; s: number; on: number }
      | { op: 'revokeAll'; user: number; on: number }
    const on = fc.integer({ min: 0, max: 1 })
    const cmd: fc.Arbitrary<Cmd> = fc.oneof(
      fc.record({ op: fc.constant('create' as const), user: fc.integer({ min: 0, max: 3 }), on }),
      fc.record({
        op: fc.constantFrom(
          'verify' as const,
          'verify' as const,
          'verify' as const,
          'refresh' as const,
          'revoke' as const,
          'update' as const,
          'reuse' as const,
        ),
        s: fc.nat(),
        on,
      }),
      fc.record({ op: fc.constant('revokeAll' as const), user: fc.integer({ min: 0, max: 3 }), on }),
    )
    let run = 0
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(cmd, cmd), { minLength: 5, maxLength: 30 }), async (steps) => {
        run++
        // uncertain: created beside a revokeAll of its user, so it may or may not have survived it.
        type S = {
          user: string
          id: string
          access: string[]
          refresh: string[]
          revoked: boolean
          uncertain?: boolean
        }
        const all: S[] = []
        const pick = (i: number) => all[i % Math.max(1, all.length)]
        const exec = async (c: Cmd, revokedBefore: Set<S>, quiet: boolean, existing: S[]) => {
          const e = engines[c.on]!
          if (c.op === 'create' || c.op === 'revokeAll') {
            const user = `p${run}-${c.user}`
            if (c.op === 'create') {
              const t: TokenSet = await e.create(user)
              all.push({ user, id: t.sessionId, access: [t.accessToken], refresh: [t.refreshToken], revoked: false })
            } else {
              await e.revokeAll(user)
              // Only sessions that existed when the step began: a create beside it may land after it.
              for (const s of existing) if (s.user === user) s.revoked = true
            }
            return
          }
          const s = pick(c.s)
          if (!s) return
          switch (c.op) {
            case 'verify':
              for (const tok of s.access) {
                const ok = await e.verify(tok).then(
                  () => true,
                  () => false,
                )
                // Revoked before this step began: must be refused.
                if (revokedBefore.has(s)) expect(ok, 'a revoked session verified').toBe(false)
                // With nothing ending sessions in this step, a live one must still verify.
                else if (quiet && !s.revoked && !s.uncertain) expect(ok, 'a live session was refused').toBe(true)
              }
              return
            case 'refresh': {
              const t = await e.refresh(s.refresh.at(-1)!).catch(() => undefined)
              if (t) {
                s.access.push(t.accessToken)
                s.refresh.push(t.refreshToken)
              }
              return
            }
            case 'reuse':
              if (s.refresh.length < 2) return
              await e.refresh(s.refresh[0]!).catch(() => undefined)
              s.revoked = true
              return
            case 'revoke':
              await e.revoke(s.id)
              s.revoked = true
              return
            case 'update':
              await e.update(s.id, { at: Date.now() })
              return
          }
        }
        for (const [x, y] of steps) {
          const revokedBefore = new Set(all.filter((s) => s.revoked))
          // Two commands at once, one per engine or both on one: their order at Redis is random.
          const quiet = ![x.op, y.op].some((op) => op === 'revoke' || op === 'revokeAll' || op === 'reuse')
          const existing = [...all]
          await Promise.all([exec(x, revokedBefore, quiet, existing), exec(y, revokedBefore, quiet, existing)])
          // No reuse grace: two refreshes of one session with the same token at once are a reuse. One
          // rotates (atomically), the other finds the token replaced and ends the session.
          if (x.op === 'refresh' && y.op === 'refresh') {
            const twice = pick(x.s)
            if (twice !== undefined && twice === pick(y.s)) twice.revoked = true
          }
          const ended = [x, y].flatMap((c) => (c.op === 'revokeAll' ? [`p${run}-${c.user}`] : []))
          for (const s of all) if (!existing.includes(s) && ended.includes(s.user)) s.uncertain = true
        }
      }),
      { numRuns: 60 },
    )
  }, 120_000)
})
