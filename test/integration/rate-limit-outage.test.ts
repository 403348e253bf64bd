// Outage policy with a Redis this test owns and stops: fail closed (503), fail open, in-memory
// insurance, one log line per outage, no increment replayed after recovery.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import express from 'express'
import { createLoginGuard, createRateLimit } from '../../src/adapters/express/rate-limit.js'
import { redisStore } from '../../src/index.js'
import { keysUnder, rawClient } from '../helpers/redis.js'
import { RedisServer } from '../helpers/redis-server.js'
import { listen } from './rate-limit-http.js'

const silent = { warn: () => undefined }
let server: RedisServer
let store: ReturnType<typeof redisStore>
let url: string
let close: () => Promise<void>
const logs: Record<string, string[]> = { closed: [], open: [], insured: [], login: [] }
const logger = (name: string) => ({ warn: (m: string) => void logs[name]!.push(m) })

beforeAll(async () => {
  server = await RedisServer.start()
  store = redisStore({ url: server.url, keyPrefix: 'rlout:', commandTimeout: 300, logger: silent })
  await store.ping()
  const app = express()
  app.use(express.json())
  const common = { window: '1m', retryStoreAfter: 100 } as const
  app.get(
    '/closed',
    createRateLimit(store, { ...common, limit: 100, logger: logger('closed') }),
    (_q, r) => void r.send('ok'),
  )
  app.get(
    '/open',
    createRateLimit(store, { ...common, limit: 100, onStoreError: 'fail-open', logger: logger('open') }),
    (_q, r) => void r.send('ok'),
  )
  app.get(
    '/insured',
    createRateLimit(store, { ...common, limit: 3, insurance: true, logger: logger('insured') }),
    (_q, r) => void r.send('ok'),
  )
  const guard = createLoginGuard(store, { maxFailures: 3, logger: logger('login') })
  app.post(
    '/login',
    guard.middleware((req) => req.body?.username),
    (_q, r) => void r.status(401).end(),
  )
  ;({ url, close } = await listen(app))
})

afterAll(async () => {
  await close?.()
  await store?.close()
  await server?.dispose()
})

const get = (path: string) => fetch(`${url}${path}`)
const statuses = async (path: string, n: number) => {
  const out: number[] = []
  for (let i = 0; i < n; i++) out.push((await get(path)).status)
  return out
}

async function untilReachable(): Promise<void> {
  const deadline = Date.now() + 10_000
  while (Date.now() < deadline) {
    if (
      await store.ping().then(
        () => true,
        () => false,
      )
    )
      return
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error('Redis did not come back')
}

describe('store outage policy', () => {
  it('counts through Redis while it is up', async () => {
    expect((await get('/closed')).status).toBe(200)
    expect((await get('/insured')).headers.get('ratelimit')).toBe('"default";r=2;t=60')
  })

  it('while Redis is down: fail closed answers 503, fail open passes, insurance still limits', async () => {
    await server.stop()
    const refused = await get('/closed')
    expect(refused.status).toBe(503)
    expect(refused.headers.get('retry-after')).toBe('1')
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('STORE_UNAVAILABLE')
    expect(await statuses('/closed', 10)).toEqual(new Array(10).fill(503))

    expect(await statuses('/open', 10)).toEqual(new Array(10).fill(200))
    expect((await get('/open')).headers.get('ratelimit')).toBeNull()

    // A fresh in-memory count: 3 per window, per process.
    expect(await statuses('/insured', 5)).toEqual([200, 200, 200, 429, 429])

    const login = await fetch(`${url}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"username":"zoe"}',
    })
    expect(login.status).toBe(503)
  })

  it('logs one line per limiter for the whole outage, not one per request', () => {
    for (const name of ['closed', 'open', 'insured', 'login']) {
      expect(logs[name]!.filter((l) => l.includes('store unavailable'))).toHaveLength(1)
    }
    expect(logs['closed']![0]).toMatch(/refusing requests with 503/)
    expect(logs['open']![0]).toMatch(/letting requests through/)
    expect(logs['insured']![0]).toMatch(/limiting in memory/)
  })

  it('recovers when Redis is back, logs it once, and never replays an increment', async () => {
    await server.start()
    await untilReachable()
    // Nothing was queued for replay: the restarted (empty) Redis holds no bucket before new traffic.
    const c = await rawClient(server.url)
    try {
      expect(await keysUnder(c, 'rlout:')).toEqual([])
    } finally {
      await c.close()
    }
    await new Promise((r) => setTimeout(r, 150)) // past retryStoreAfter: the next request probes
    expect((await get('/closed')).status).toBe(200)
    const insured = await get('/insured')
    expect(insured.status).toBe(200)
    // Counted in Redis again from scratch: the outage's in-memory hits are dropped, not carried over.
    expect(insured.headers.get('ratelimit')).toBe('"default";r=2;t=60')
    expect(logs['closed']!.filter((l) => l.includes('reachable again'))).toHaveLength(1)
    expect(logs['insured']!.filter((l) => l.includes('reachable again'))).toHaveLength(1)
  })

  it('a stalled Redis (no answer) fails closed after the command timeout, logged once', async () => {
    const before = logs['closed']!.length
    server.pause()
    try {
      expect(await statuses('/closed', 3)).toEqual([503, 503, 503])
    } finally {
      server.resume()
    }
    expect(logs['closed']!.slice(before).filter((l) => l.includes('store unavailable'))).toHaveLength(1)
  })
})
