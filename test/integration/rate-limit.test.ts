// The Express rate limiter and login guard over a real Redis and real HTTP, on Express 5 and 4: what
// depends on Express (trust proxy, mount points, express.json()). The 429 answer, its headers and the
// login guard's blocking run for every adapter in test/conformance/http.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRateLimit } from '../../src/adapters/express/rate-limit.js'
import { createSessions, redisStore } from '../../src/index.js'
import type { SessionStore } from '../../src/stores/types.js'
import { cleanupPrefix, rawClient, keysUnder, redisUrl, uniquePrefix } from '../helpers/redis.js'
import { expressVersions, listen } from './rate-limit-http.js'

const T0 = 1_800_000_000_000
const prefix = uniquePrefix('rlint')
let store: SessionStore & { keyPrefix: string }
const closers: Array<() => Promise<void>> = []

beforeAll(() => {
  store = redisStore({ url: redisUrl(), keyPrefix: prefix })
})
afterAll(async () => {
  for (const c of closers) await c()
  await store.close()
  await cleanupPrefix(prefix)
})

const versions = (await expressVersions()).map(([l, e]) => [l.replace(' ', ''), e] as const)

describe.each(versions)('rate limit over Redis, %s', (label, express) => {
  const serve = async (setup: (app: ReturnType<typeof express>) => void) => {
    const app = express()
    setup(app)
    const s = await listen(app)
    closers.push(s.close)
    return s.url
  }

  it('admits exactly 50 of 200 parallel requests, with seed 000 positional arguments', async () => {
    const url = await serve((app) =>
      app.get(`/${label}/x`, createRateLimit(store, 50, 15 * 60 * 1000), (_q, r) => void r.send('ok')),
    )
    const statuses = await Promise.all(
      Array.from({ length: 200 }, () => fetch(`${url}/${label}/x`).then((r) => r.status)),
    )
    expect(statuses.filter((s) => s === 200)).toHaveLength(50)
    expect(statuses.filter((s) => s === 429)).toHaveLength(150)
  })

  it('admits again once the window has slid past (controlled clock), and keeps the key TTL bounded', async () => {
    let now = T0
    const url = await serve((app) =>
      app.get(
        '/w',
        createRateLimit(store, { limit: 1, window: '10s', name: `win-${label}`, clock: () => now }),
        (_q, r) => void r.send('ok'),
      ),
    )
    expect((await fetch(`${url}/w`)).status).toBe(200)
    now += 9_999
    expect((await fetch(`${url}/w`)).status).toBe(429)
    now += 1
    expect((await fetch(`${url}/w`)).status).toBe(200)
    const c = await rawClient()
    try {
      const keys = await keysUnder(c, `${prefix}rl:`)
      const ttls = await Promise.all(keys.map((k) => c.pTTL(k)))
      expect(ttls.every((t) => t > 0 && t <= 3_600_000)).toBe(true)
    } finally {
      await c.close()
    }
  })

  it('blocks for blockDuration after the limit is hit', async () => {
    let now = T0
    const url = await serve((app) =>
      app.get(
        '/b',
        createRateLimit(store, { limit: 1, window: '1s', blockDuration: '1m', name: `blk-${label}`, clock: () => now }),
        (_q, r) => void r.send('ok'),
      ),
    )
    await fetch(`${url}/b`)
    const refused = await fetch(`${url}/b`)
    expect(refused.status).toBe(429)
    expect(refused.headers.get('retry-after')).toBe('60')
    now += 59_999
    expect((await fetch(`${url}/b`)).status).toBe(429)
    now += 1
    expect((await fetch(`${url}/b`)).status).toBe(200)
  })

  it('ignores X-Forwarded-For unless trust proxy is set, and then groups IPv6 by /64', async () => {
    const untrusted = await serve((app) =>
      app.get('/t', createRateLimit(store, { limit: 1, name: `notrust-${label}` }), (_q, r) => void r.send('ok')),
    )
    expect((await fetch(`${untrusted}/t`, { headers: { 'x-forwarded-for': '198.51.100.1' } })).status).toBe(200)
    expect((await fetch(`${untrusted}/t`, { headers: { 'x-forwarded-for': '198.51.100.2' } })).status).toBe(429)

    const trusted = await serve((app) => {
      app.set('trust proxy', 'loopback')
      app.get('/t', createRateLimit(store, { limit: 1, name: `trust-${label}` }), (_q, r) => void r.send('ok'))
    })
    const get = (xff: string) => fetch(`${trusted}/t`, { headers: { 'x-forwarded-for': xff } }).then((r) => r.status)
    expect(await get('198.51.100.1')).toBe(200)
    expect(await get('198.51.100.2')).toBe(200)
    expect(await get('198.51.100.1')).toBe(429)
    expect(await get('2001:db8:aa:1::1')).toBe(200)
    expect(await get('2001:db8:aa:1:ffff::2')).toBe(429)
    expect(await get('2001:db8:aa:2::1')).toBe(200)
    // Only the address the trusted proxy appended counts, not what the client wrote before it.
    expect(await get('203.0.113.77, 198.51.100.2')).toBe(429)
  })

  it('skipSuccessfulRequests counts only failed responses', async () => {
    const url = await serve((app) => {
      app.post(
        '/login',
        createRateLimit(store, { limit: 2, name: `skip-${label}`, skipSuccessfulRequests: true }),
        (req, res) => {
          res.status(req.query['ok'] === '1' ? 200 : 401).end()
        },
      )
    })
    const post = (ok: boolean) => fetch(`${url}/login${ok ? '?ok=1' : ''}`, { method: 'POST' }).then((r) => r.status)
    for (let i = 0; i < 5; i++) expect(await post(true)).toBe(200)
    expect(await post(false)).toBe(401)
    expect(await post(false)).toBe(401)
    await new Promise((r) => setTimeout(r, 50)) // the refund runs after the response is sent
    expect(await post(true)).toBe(429)
  })

  it('keeps login and refresh buckets apart; a throttled refresh never reaches the session engine', async () => {
    let now = T0
    const sessions = createSessions({ store, secret: 'x'.repeat(40), issuer: 'rl-test', audience: 'rl-test' })
    const url = await serve((app) => {
      app.use(express.json())
      // Unnamed limiters: buckets per mount point, so /login and /refresh never share.
      app.post(
        `/${label}/login`,
        createRateLimit(store, { limit: 1, clock: () => now }),
        async (_q, r) => void r.json(await sessions.create(`u-${label}`)),
      )
      app.post(
        `/${label}/refresh`,
        createRateLimit(store, { limit: 1, window: '1m', clock: () => now }),
        async (req, res, next) => {
          try {
            res.json(await sessions.refresh(req.body.refreshToken))
          } catch (err) {
            next(err)
          }
        },
      )
    })
    const post = (path: string, body?: unknown) =>
      fetch(`${url}/${label}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body ?? {}),
      })
    const pair = (await (await post('/login')).json()) as { refreshToken: string }
    expect((await post('/login')).status).toBe(429)
    const rotated = await post('/refresh', { refreshToken: pair.refreshToken })
    expect(rotated.status).toBe(200)
    const next = (await rotated.json()) as { refreshToken: string; sessionId: string }
    expect((await post('/refresh', { refreshToken: next.refreshToken })).status).toBe(429)
    now += 60_000
    const again = await post('/refresh', { refreshToken: next.refreshToken })
    expect(again.status).toBe(200)
    expect(((await again.json()) as { sessionId: string }).sessionId).toBe(next.sessionId)
  })
})
