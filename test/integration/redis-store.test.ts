import { createClient } from 'redis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSessions, redisStore } from '../../src/index.js'
import { cleanupPrefix, keysUnder, rawClient, redisUrl, uniquePrefix } from '../helpers/redis.js'

const SECRET = 'integration-secret-of-at-least-32-bytes'

/** A node-redis client whose commands we count: round trips are what we promise. */
async function countingClient() {
  const client = createClient({ url: redisUrl() })
  client.on('error', () => undefined)
  await client.connect()
  const calls: string[][] = []
  const send = client.sendCommand.bind(client)
  ;(client as { sendCommand: unknown }).sendCommand = (args: string[], ...rest: unknown[]) => {
    calls.push([...args])
    return send(args, ...(rest as []))
  }
  return { client, calls }
}

describe('redis store', () => {
  let raw: Awaited<ReturnType<typeof rawClient>>
  const prefixes: string[] = []
  const prefix = (n: string) => {
    const p = uniquePrefix(n)
    prefixes.push(p)
    return p
  }
  beforeAll(async () => {
    raw = await rawClient()
  })
  afterAll(async () => {
    for (const p of prefixes) await cleanupPrefix(p)
    await raw.close()
  })

  it('costs one round trip per create, verify, refresh, revoke and revokeAll (whatever the session count)', async () => {
    const { client, calls } = await countingClient()
    const s = createSessions({ store: redisStore({ client, keyPrefix: prefix('rt') }), secret: SECRET })
    // Warm-up: the first use of each script after a restart or a new build costs NOSCRIPT + EVAL.
    const w = await s.create('warm')
    await s.verify(w.accessToken)
    await s.refresh(w.refreshToken)
    await s.revoke(w.sessionId)
    await s.revokeAll('warm')
    const t = await s.create('u')
    calls.length = 0
    await s.verify(t.accessToken)
    expect(calls.map((c) => c[0])).toEqual(['EVALSHA'])
    calls.length = 0
    const r = await s.refresh(t.refreshToken)
    expect(calls).toHaveLength(1)
    calls.length = 0
    await s.create('u')
    expect(calls).toHaveLength(1)
    await Promise.all(Array.from({ length: 300 }, () => s.create('many')))
    calls.length = 0
    expect(await s.revokeAll('many')).toBe(300)
    expect(calls).toHaveLength(1)
    calls.length = 0
    await s.revoke(r.sessionId)
    expect(calls).toHaveLength(1)
    expect(calls.flat().join(' ')).not.toMatch(/\b(KEYS|SCAN)\b/)
    await s.close()
    expect(client.isOpen).toBe(true) // never closes the caller's client
    await client.close()
  })

  it('leaves no key without a TTL and no raw refresh token anywhere in Redis', async () => {
    const p = prefix('ttl')
    const s = createSessions({
      store: redisStore({ url: redisUrl(), keyPrefix: p }),
      secret: SECRET,
      maxSessionsPerUser: 3,
    })
    const tokens: string[] = []
    for (let i = 0; i < 5; i++) {
      const t = await s.create(`user-${i % 2}`, { data: { i }, meta: { ip: '127.0.0.1' }, claims: { n: i } })
      const r = await s.refresh(t.refreshToken)
      await s.refresh(t.refreshToken) // grace repeat
      tokens.push(t.refreshToken, r.refreshToken)
      await s.update(r.sessionId, { i, updated: true })
      await s.touch(r.sessionId)
    }
    await s.revoke(tokens[1]!)
    const keys = await keysUnder(raw, p)
    expect(keys.length).toBeGreaterThan(0)
    let dump = ''
    for (const k of keys) {
      expect(Number(await raw.sendCommand(['PTTL', k]))).toBeGreaterThan(0)
      dump += `${k} ${JSON.stringify(await raw.sendCommand(['HGETALL', k]))}\n`
    }
    for (const t of tokens) {
      expect(dump).not.toContain(t)
      expect(dump).not.toContain(t.split('.')[3])
    }
    await s.close()
  })

  it("removes the user hash with the user's last session (revoke, revokeAll, reuse), login counter and all", async () => {
    const p = prefix('gone')
    const s = createSessions({ store: redisStore({ url: redisUrl(), keyPrefix: p }), secret: SECRET })
    const [a, b] = [await s.create('u'), await s.create('u')]
    await s.revoke(a.sessionId)
    expect(await keysUnder(raw, p)).toHaveLength(1)
    await s.revoke(b.sessionId)
    expect(await keysUnder(raw, p)).toEqual([])
    await Promise.all([s.create('u'), s.create('u')])
    await s.revokeAll('u')
    expect(await keysUnder(raw, p)).toEqual([])
    // Reuse of a retired refresh token (no grace) revokes the session inside the rotate script.
    const strict = createSessions({
      store: redisStore({ url: redisUrl(), keyPrefix: p }),
      secret: SECRET,
      refreshReuseGrace: 0,
    })
    const t = await strict.create('u')
    await strict.refresh(t.refreshToken)
    expect(
      await strict.refresh(t.refreshToken).then(
        () => 'rotated',
        (e: { code?: string }) => e.code,
      ),
    ).toBe('REFRESH_TOKEN_REUSED')
    expect(await keysUnder(raw, p)).toEqual([])
    await Promise.all([s.close(), strict.close()])
  })

  it('keeps instances with prefixes app: and app2: apart', async () => {
    const base = prefix('iso')
    const a = createSessions({ store: redisStore({ url: redisUrl(), keyPrefix: `${base}app:` }), secret: SECRET })
    const b = createSessions({ store: redisStore({ url: redisUrl(), keyPrefix: `${base}app2:` }), secret: SECRET })
    const ta = await a.create('same-user')
    expect(await b.list('same-user')).toEqual([])
    await expect(b.verify(ta.accessToken)).rejects.toMatchObject({ code: 'SESSION_REVOKED' })
    expect(await b.revokeAll('same-user')).toBe(0)
    await a.verify(ta.accessToken)
    await Promise.all([a.close(), b.close()])
  })

  it('recovers from NOSCRIPT (script cache flushed) by EVAL, once, then EVALSHA again', async () => {
    const { client, calls } = await countingClient()
    const s = createSessions({ store: redisStore({ client, keyPrefix: prefix('ns') }), secret: SECRET })
    const t = await s.create('u')
    // Flushes only the script cache (no keys) of this test's own Redis.
    await raw.sendCommand(['SCRIPT', 'FLUSH'])
    calls.length = 0
    const ctx = await s.verify(t.accessToken)
    expect(ctx.sessionId).toBe(t.sessionId)
    expect(calls.map((c) => c[0])).toEqual(['EVALSHA', 'EVAL'])
    expect(await raw.sendCommand(['SCRIPT', 'EXISTS', calls[0]![1]!])).toEqual([1])
    calls.length = 0
    await s.verify(t.accessToken)
    expect(calls.map((c) => c[0])).toEqual(['EVALSHA'])
    const r = await s.refresh(t.refreshToken)
    await s.verify(r.accessToken)
    expect(await s.refresh(t.refreshToken).then((x) => x.refreshToken)).toBe(r.refreshToken)
    await s.close()
    await client.close()
  })

  it('refuses bad store options with ConfigError', () => {
    expect(() => redisStore({ keyPrefix: 'nocolon' })).toThrow(/keyPrefix/)
    expect(() => redisStore({ keyPrefix: '{tag}:' })).toThrow(/keyPrefix/)
    expect(() => redisStore({ url: 'http://x' })).toThrow(/url/)
    expect(() => redisStore({ client: {} })).toThrow(/client/)
    expect(() => redisStore({ commandTimeout: 'soon' })).toThrow(/commandTimeout/)
  })

  it('uses at most 150 bytes of Redis per session (5 sessions per user, no data or meta)', async () => {
    const p = prefix('bytes')
    const store = redisStore({ url: redisUrl(), keyPrefix: p })
    const s = createSessions({ store, secret: SECRET })
    const users = 400
    for (let u = 0; u < users; u += 50) {
      await Promise.all(Array.from({ length: 50 * 5 }, (_, i) => s.create(`user-${u + Math.floor(i / 5)}`)))
    }
    let bytes = 0
    for (const k of await keysUnder(raw, p))
      bytes += Number(await raw.sendCommand(['MEMORY', 'USAGE', k, 'SAMPLES', '0']))
    const perSession = bytes / (users * 5)
    console.log(`bytes per session: ${perSession.toFixed(1)}`)
    expect(perSession).toBeLessThanOrEqual(150)
    await s.close()
  })
})
