// Limiter logic on the memory store with an injected clock: keys, headers, options, skip options.
import { describe, expect, it } from 'vitest'
import { ConfigError, memoryStore } from '../../src/index.js'
import { createLimiter } from '../../src/http/rate-limit/limiter.js'
import { rateLimitHeaders } from '../../src/http/rate-limit/headers.js'
import { ipKey } from '../../src/http/rate-limit/ip.js'
import type { LimiterRequest } from '../../src/http/rate-limit/options.js'

const T0 = 1_800_000_000_000
const req = (over: Partial<LimiterRequest<unknown>> = {}): LimiterRequest<unknown> => ({
  ip: '203.0.113.7',
  method: 'POST',
  mount: '/login',
  userId: undefined,
  raw: {},
  ...over,
})

describe('ipKey', () => {
  it('keeps IPv4 and unwraps IPv4-mapped IPv6', () => {
    expect(ipKey('203.0.113.7')).toBe('203.0.113.7')
    expect(ipKey('::ffff:203.0.113.7')).toBe('203.0.113.7')
    expect(ipKey('::FFFF:cb00:7107')).toBe('203.0.113.7')
  })
  it('groups IPv6 by prefix, /64 by default', () => {
    expect(ipKey('2001:db8:1:2:3:4:5:6')).toBe('2001:db8:1:2::/64')
    expect(ipKey('2001:0db8:0001:0002:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64')
    expect(ipKey('2001:db8:1:3::1')).toBe('2001:db8:1:3::/64')
    expect(ipKey('2001:db8:1:2:3:4:5:6', 48)).toBe('2001:db8:1::/48')
    expect(ipKey('2001:db8:1:2:3:4:5:6', 56)).toBe('2001:db8:1::/56') // low byte of group 4 masked
    expect(ipKey('2001:db8:1:2ff:3:4:5:6', 56)).toBe('2001:db8:1:200::/56')
    expect(ipKey('2001:db8::7', 128)).toBe('2001:db8::7/128')
    expect(ipKey('fe80::1%eth0')).toBe('fe80::/64')
    expect(ipKey('::1')).toBe('::/64')
  })
  it('passes anything else through', () => {
    expect(ipKey(' not-an-ip ')).toBe('not-an-ip')
    for (const bad of [
      '1.2.3',
      '1.2.3.256',
      '01.2.3.4',
      '1::2::3',
      ':1::',
      '1:2:3:4:5:6:7',
      '1:2:3:4:5:6:7:8:9',
      '::ffff:1.2.3.999',
      '12345::',
      'g::1',
      '1:2:3:4:5:6:7::8',
    ]) {
      expect([bad, ipKey(bad)]).toEqual([bad, bad])
    }
    expect(ipKey('1:2:3:4:5:6:7:8', 128)).toBe('1:2:3:4:5:6:7:8/128')
    expect(ipKey('::', 64)).toBe('::/64')
    expect(ipKey('64:ff9b::192.0.2.33', 128)).toBe('64:ff9b::c000:221/128')
  })
})

describe('rateLimitHeaders (draft-ietf-httpapi-ratelimit-headers-11)', () => {
  it('formats structured-field lists', () => {
    expect(
      rateLimitHeaders('login', 5, 900_000, { allowed: true, remaining: 3, retryAfterMs: 0, resetMs: 899_001 }),
    ).toEqual({
      'ratelimit-policy': '"login";q=5;w=900',
      ratelimit: '"login";r=3;t=900',
    })
    expect(
      rateLimitHeaders('x', 1, 400, { allowed: false, remaining: 0, retryAfterMs: 10, resetMs: 400 }).ratelimit,
    ).toBe('"x";r=0;t=1')
    expect(
      rateLimitHeaders('x', 1, 400, { allowed: true, remaining: 0, retryAfterMs: 0, resetMs: 400 })['ratelimit-policy'],
    ).toBe('"x";q=1;w=1')
  })
})

describe('createLimiter options', () => {
  const store = memoryStore()
  it.each([
    [{ limit: 0 }, /limit/],
    [{ limit: 1.5 }, /limit/],
    [{ limit: 5, window: 'soon' }, /window/],
    [{ limit: 5, blockDuration: -1 }, /blockDuration/],
    [{ limit: 5, name: 'has "quotes"' }, /name/],
    [{ limit: 5, key: 'cookie' }, /key/],
    [{ limit: 5, key: [] }, /key/],
    [{ limit: 5, ipv6Prefix: 129 }, /ipv6Prefix/],
    [{ limit: 5, onStoreError: 'ignore' }, /onStoreError/],
    [{ limit: 5, skipFailedRequests: 'yes' }, /skipFailedRequests/],
    [{ limit: 5, logger: {} }, /logger/],
  ])('rejects %o', (o, re) => {
    const run = () => createLimiter(store, o as never)
    expect(run).toThrow(ConfigError)
    expect(run).toThrow(re)
  })
  it('freezes the resolved options', () => {
    const l = createLimiter(store, { limit: 5, window: '15m', blockDuration: '1h' })
    expect(l.options).toMatchObject({ limit: 5, windowMs: 900_000, blockMs: 3_600_000, policyName: 'default' })
    expect(Object.isFrozen(l.options)).toBe(true)
  })
})

describe('createLimiter decisions', () => {
  it('refuses past the limit with a 429 RATE_LIMITED, Retry-After and RateLimit headers', async () => {
    let now = T0
    const l = createLimiter(memoryStore(), { limit: 2, window: '1m', name: 'api', clock: () => now })
    const a = await l.consume(req())
    expect(a.refused).toBeUndefined()
    expect(a.headers).toEqual({ 'ratelimit-policy': '"api";q=2;w=60', ratelimit: '"api";r=1;t=60' })
    now += 20_000
    await l.consume(req())
    const c = await l.consume(req())
    expect(c.refused?.status).toBe(429)
    expect(c.refused?.body).toEqual({ error: { code: 'RATE_LIMITED', message: 'Too many requests' } })
    expect(c.refused?.headers).toMatchObject({
      'retry-after': '40',
      ratelimit: '"api";r=0;t=40',
      'ratelimit-policy': '"api";q=2;w=60',
    })
    now += 40_000
    expect((await l.consume(req())).refused).toBeUndefined()
  })

  it('keys by IP by default, by user, by route, by function, and by combinations', async () => {
    const store = memoryStore()
    const byIp = createLimiter(store, { limit: 1, name: 'ip' })
    expect((await byIp.consume(req())).refused).toBeUndefined()
    expect((await byIp.consume(req({ mount: '/other', userId: 'u1' }))).refused?.status).toBe(429)
    expect((await byIp.consume(req({ ip: '203.0.113.8' }))).refused).toBeUndefined()

    const byUser = createLimiter(store, { limit: 1, key: 'user', name: 'user' })
    expect((await byUser.consume(req({ userId: 'u1' }))).refused).toBeUndefined()
    expect((await byUser.consume(req({ userId: 'u1', ip: '198.51.100.1' }))).refused?.status).toBe(429)
    expect((await byUser.consume(req({ userId: 'u2' }))).refused).toBeUndefined()
    // Nobody signed in: falls back to the IP.
    expect((await byUser.consume(req({ ip: '198.51.100.9' }))).refused).toBeUndefined()
    expect((await byUser.consume(req({ ip: '198.51.100.9' }))).refused?.status).toBe(429)

    const byRoute = createLimiter(store, { limit: 1, key: ['ip', 'route'], name: 'route' })
    expect((await byRoute.consume(req({ mount: '/a' }))).refused).toBeUndefined()
    expect((await byRoute.consume(req({ mount: '/b' }))).refused).toBeUndefined()
    expect((await byRoute.consume(req({ mount: '/a' }))).refused?.status).toBe(429)

    const byFn = createLimiter<{ tenant: string }>(store, { limit: 1, key: (r) => r.tenant, name: 'fn' })
    expect((await byFn.consume({ ...req(), raw: { tenant: 't1' } })).refused).toBeUndefined()
    expect((await byFn.consume({ ...req({ ip: '192.0.2.1' }), raw: { tenant: 't1' } })).refused?.status).toBe(429)
    expect((await byFn.consume({ ...req(), raw: { tenant: 't2' } })).refused).toBeUndefined()
  })

  it('separates unnamed limiters by mount point, and shares named ones', async () => {
    const store = memoryStore()
    const login = createLimiter(store, { limit: 1 })
    const refresh = createLimiter(store, { limit: 1 })
    expect((await login.consume(req({ mount: '/login' }))).refused).toBeUndefined()
    expect((await refresh.consume(req({ mount: '/refresh' }))).refused).toBeUndefined()
    const a = createLimiter(store, { limit: 1, name: 'shared' })
    const b = createLimiter(store, { limit: 1, name: 'shared' })
    expect((await a.consume(req({ mount: '/x' }))).refused).toBeUndefined()
    expect((await b.consume(req({ mount: '/y' }))).refused?.status).toBe(429)
  })

  it('groups IPv6 clients of one /64 into one bucket', async () => {
    const l = createLimiter(memoryStore(), { limit: 1 })
    expect((await l.consume(req({ ip: '2001:db8:1:2::1' }))).refused).toBeUndefined()
    expect((await l.consume(req({ ip: '2001:db8:1:2:ffff::9' }))).refused?.status).toBe(429)
    expect((await l.consume(req({ ip: '2001:db8:1:3::1' }))).refused).toBeUndefined()
  })

  it('skip() bypasses counting; headers: false sends none', async () => {
    const l = createLimiter<{ admin: boolean }>(memoryStore(), { limit: 1, skip: (r) => r.admin, headers: false })
    for (let i = 0; i < 3; i++) expect((await l.consume({ ...req(), raw: { admin: true } })).refused).toBeUndefined()
    const out = await l.consume({ ...req(), raw: { admin: false } })
    expect(out.headers).toEqual({})
    expect((await l.consume({ ...req(), raw: { admin: false } })).refused?.status).toBe(429)
  })

  it('skipSuccessfulRequests counts only failures; skipFailedRequests only successes', async () => {
    const onlyFailures = createLimiter(memoryStore(), { limit: 2, skipSuccessfulRequests: true })
    for (let i = 0; i < 5; i++) {
      const o = await onlyFailures.consume(req())
      expect(o.refused).toBeUndefined()
      expect(o.needsSettle).toBe(true)
      await o.settle(200)
    }
    await (await onlyFailures.consume(req())).settle(401)
    await (await onlyFailures.consume(req())).settle(0) // aborted counts as failed
    expect((await onlyFailures.consume(req())).refused?.status).toBe(429)

    const onlySuccesses = createLimiter(memoryStore(), { limit: 1, skipFailedRequests: true })
    await (await onlySuccesses.consume(req())).settle(500)
    const ok = await onlySuccesses.consume(req())
    await ok.settle(204)
    await ok.settle(500) // settling twice never refunds twice
    expect((await onlySuccesses.consume(req())).refused?.status).toBe(429)
  })

  it('rejects when a key function misbehaves (a programming error, not a client error)', async () => {
    const l = createLimiter(memoryStore(), { limit: 1, key: () => undefined as unknown as string })
    await expect(l.consume(req())).rejects.toThrow(TypeError)
  })
})
