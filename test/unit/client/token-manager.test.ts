import { describe, expect, it, vi } from 'vitest'
import { TokenManager } from '../../../src/client/index.js'
import { memStorage } from './fakes.js'
import { setup } from './setup.js'

const MIN = 60_000

describe('TokenManager: sign-in state', () => {
  it('login() from a core TokenSet: authenticated, token readable, timing from the token', async () => {
    const { clock, server, make, record } = setup()
    const tm = make()
    const events = record(tm)
    expect(tm.isAuthenticated()).toBe(false)
    expect(tm.getAccessToken()).toBeNull()
    const tokens = server.login('alice')
    tm.login(tokens)
    expect(tm.isAuthenticated()).toBe(true)
    expect(tm.getAccessToken()).toBe(tokens.accessToken)
    const info = tm.getTokenInfo()
    expect(info).toMatchObject({ isAuthenticated: true, mode: 'header', userId: 'alice', sessionId: tokens.sessionId })
    expect(info.timeUntilExpiry).toBeGreaterThan(15 * MIN - 2000)
    expect(info.timeUntilExpiry).toBeLessThanOrEqual(15 * MIN)
    expect(info.needsRefresh).toBe(false)
    // default threshold 15m is capped to a quarter of a 15-minute token, plus up to 20 % jitter
    expect(info.expiresAt! - info.refreshAt!).toBeGreaterThanOrEqual(3.75 * MIN)
    expect(info.expiresAt! - info.refreshAt!).toBeLessThanOrEqual(4.5 * MIN)
    expect(events).toEqual(['login'])
    const res = await tm.makeAuthenticatedRequest('/api/profile')
    expect(res.status).toBe(200)
    expect(server.calls.at(-1)?.headers.get('authorization')).toBe(`Bearer ${tokens.accessToken}`)
    await clock.advance(0)
  })

  it('login() accepts seed 004 data (expiresIn in ms) inside a { success, data } envelope', () => {
    const { make } = setup()
    const tm = make({ mode: 'cookie' })
    tm.login({ success: true, data: { expiresIn: 5000, sessionId: 's1', userId: 'u1' } } as never)
    expect(tm.getTokenInfo()).toMatchObject({ timeUntilExpiry: 5000, sessionId: 's1', userId: 'u1' })
  })

  it('header mode refuses a login without tokens', () => {
    const { make } = setup()
    expect(() => make().login({ sessionId: 'x' })).toThrow(TypeError)
  })

  for (const where of ['memory', 'session', 'local'] as const) {
    it(`the access token is never written to storage; the refresh token only with refreshTokenStorage local (${where})`, () => {
      // The browser's own storages, so the manager picks one by `refreshTokenStorage` as in a page.
      const local = memStorage()
      const session = memStorage()
      vi.stubGlobal('localStorage', local)
      vi.stubGlobal('sessionStorage', session)
      try {
        const { server, make } = setup()
        const tokens = server.login()
        const tm = make({ storage: undefined, refreshTokenStorage: where })
        tm.login(tokens)
        expect(tm.isAuthenticated()).toBe(true)
        const inLocal = [...local.map.values()].join()
        const inSession = [...session.map.values()].join()
        expect(inLocal + inSession).not.toContain(tokens.accessToken)
        expect(inLocal.includes(tokens.refreshToken)).toBe(where === 'local')
        expect(inSession.includes(tokens.refreshToken)).toBe(where === 'session')
      } finally {
        vi.unstubAllGlobals()
      }
    })
  }

  it('rejects bad options with a TypeError naming the option', () => {
    expect(() => new TokenManager({ mode: 'bearer' as never, channel: null })).toThrow(/"mode"/)
    expect(() => new TokenManager({ refreshTokenStorage: 'disk' as never, channel: null })).toThrow(
      /"refreshTokenStorage"/,
    )
    expect(() => new TokenManager({ refreshThreshold: '15 minutes', channel: null })).toThrow(/"refreshThreshold"/)
    expect(() => new TokenManager({ checkInterval: -1, channel: null })).toThrow(/"checkInterval"/)
    expect(() => new TokenManager({ maxRetries: 1.5, channel: null })).toThrow(/"maxRetries"/)
  })

  it('refuses unknown options, naming the key and the closest valid one', () => {
    const typo = () => new TokenManager({ refreshThreshhold: '1m', channel: null } as never)
    expect(typo).toThrow(TypeError)
    expect(typo).toThrow('unknown option "refreshThreshhold" (did you mean "refreshThreshold"?)')
    expect(() => new TokenManager({ baseURL: '/x', channel: null } as never)).toThrow(/"baseURL".*"baseUrl"/)
    try {
      new TokenManager({ logoutURL: '/x', channel: null } as never)
      expect.unreachable()
    } catch (err) {
      expect(err).toMatchObject({ code: 'CONFIG_INVALID', name: 'ConfigError' })
    }
  })
})

describe('TokenManager: proactive refresh', () => {
  it('refreshes once before expiry, then keeps the session alive with no failed request', async () => {
    const { clock, server, make, record } = setup()
    const tm = make()
    const events = record(tm)
    tm.login(server.login())
    await clock.advance(10 * MIN)
    expect(server.refreshes).toBe(0)
    await clock.advance(1 * MIN) // now 11 min: the refresh is due between 10.5 and 11.25 min
    await clock.advance(0.26 * MIN)
    expect(server.refreshes).toBe(1) // once before expiry
    for (let t = 0; t < 120; t++) {
      await clock.advance(30_000)
      expect((await tm.makeAuthenticatedRequest('/api/profile')).status).toBe(200)
    }
    // 71.26 minutes in all, refreshed every 10.5 to 11.25 minutes: 6 refreshes
    expect(server.refreshes).toBe(6)
    expect(server.rejected).toEqual([])
    expect(events.filter((e) => e === 'refreshed')).toHaveLength(6)
  })

  it('a 5 s token with the default 15m threshold is refreshed about every 3.5 s, never in a loop', async () => {
    const { clock, server, make } = setup()
    server.accessTtlMs = 5000
    const tm = make()
    tm.login(server.login())
    for (let i = 0; i < 60; i++) {
      await clock.advance(1000)
      expect((await tm.makeAuthenticatedRequest('/api/profile')).status).toBe(200)
    }
    expect(server.rejected).toEqual([])
    // iat is whole seconds and the Date header is read pessimistically, so a token is planned as
    // living 4 to 5 s; refreshed 1.25 to 1.5 s early: every 2.5 to 3.75 s. A loop would be hundreds.
    expect(server.refreshes).toBeGreaterThanOrEqual(15)
    expect(server.refreshes).toBeLessThanOrEqual(25)
  })

  for (const skew of [10 * MIN, -10 * MIN]) {
    for (const sendDate of [true, false]) {
      it(`a browser clock ${skew / MIN} min off (Date header ${sendDate ? 'sent' : 'absent'}): no loop, no lapse`, async () => {
        const { clock, server, make } = setup()
        clock.skew = skew
        server.sendDate = sendDate
        const tm = make()
        tm.login(server.login())
        expect(Math.abs(tm.getTokenInfo().clockOffset! + skew)).toBeLessThanOrEqual(1000)
        for (let i = 0; i < 60; i++) {
          await clock.advance(MIN)
          expect((await tm.makeAuthenticatedRequest('/api/profile')).status).toBe(200)
        }
        expect(server.rejected).toEqual([])
        expect(server.refreshes).toBeGreaterThanOrEqual(5)
        expect(server.refreshes).toBeLessThanOrEqual(6)
      })
    }
  }

  it('an explicit refreshThreshold is used when under a quarter of the life', async () => {
    const { clock, server, make } = setup()
    const tm = make({ refreshThreshold: '1m' })
    tm.login(server.login())
    const info = tm.getTokenInfo()
    expect(info.expiresAt! - info.refreshAt!).toBeGreaterThanOrEqual(MIN)
    expect(info.expiresAt! - info.refreshAt!).toBeLessThanOrEqual(1.2 * MIN)
    await clock.advance(13.7 * MIN)
    expect(server.refreshes).toBe(0)
    await clock.advance(0.4 * MIN)
    expect(server.refreshes).toBe(1)
  })

  it('checks every checkInterval, so a late timer (sleep, throttling) is caught up', async () => {
    const { clock, server, make } = setup()
    const tm = make({ checkInterval: '1m' })
    tm.login(server.login())
    // Only the periodic check is pending: never a timer longer than checkInterval.
    for (let i = 0; i < 5; i++) {
      await clock.advance(MIN)
      expect(clock.pending).toBe(1)
    }
    expect(server.refreshes).toBe(0)
  })
})

describe('TokenManager: reactive refresh', () => {
  it('401 TOKEN_EXPIRED: one refresh, one retry, the caller sees the 200', async () => {
    const { clock, server, make } = setup()
    const tm = make({ checkInterval: '1h', refreshThreshold: 0 })
    tm.login(server.login())
    clock.skew = -20 * MIN // the browser believes the token is still fresh
    await clock.advance(16 * MIN)
    const res = await tm.makeAuthenticatedRequest('/api/profile')
    expect(res.status).toBe(200)
    expect(server.rejected).toEqual(['TOKEN_EXPIRED'])
    expect(server.refreshes).toBe(1)
  })

  it('ten parallel requests on an expired token share one refresh', async () => {
    const { clock, server, make } = setup()
    server.latencyMs = 50
    const tm = make({ checkInterval: '1h', refreshThreshold: 0 })
    tm.login(server.login())
    clock.skew = -20 * MIN
    await clock.advance(16 * MIN)
    const all = Promise.all(Array.from({ length: 10 }, () => tm.makeAuthenticatedRequest('/api/profile')))
    await clock.advance(1000)
    const statuses = (await all).map((r) => r.status)
    expect(statuses).toEqual(Array(10).fill(200))
    expect(server.refreshes).toBe(1)
    expect(server.rejected).toHaveLength(10)
  })

  it('a token known to be expired is refreshed before the request is sent', async () => {
    const { clock, server, make } = setup()
    const tm = make({ checkInterval: '1h', refreshThreshold: 0 })
    tm.login(server.login())
    clock.t += 16 * MIN // no timers ran: as if the machine slept
    expect((await tm.makeAuthenticatedRequest('/api/profile')).status).toBe(200)
    expect(server.rejected).toEqual([])
    expect(server.refreshes).toBe(1)
  })

  for (const code of ['SESSION_REVOKED', 'TOKEN_INVALID']) {
    it(`401 ${code} ends the session once, clears storage and every timer`, async () => {
      const { clock, server, storage, make, record } = setup()
      const tm = make()
      const events = record(tm)
      const tokens = server.login()
      tm.login(tokens)
      if (code === 'SESSION_REVOKED') server.revoke(tokens.sessionId)
      else server.forgetAccessTokens()
      const results = await Promise.all([1, 2, 3].map(() => tm.makeAuthenticatedRequest('/api/profile')))
      expect(results.map((r) => r.status)).toEqual([401, 401, 401])
      expect(events).toEqual(['login', `sessionExpired:${code}`])
      expect(tm.isAuthenticated()).toBe(false)
      expect(storage.map.size).toBe(0)
      expect(server.refreshes).toBe(0)
      await clock.advance(1000)
      expect(clock.pending).toBe(0)
    })
  }

  it('a refresh answered REFRESH_TOKEN_REUSED ends the session', async () => {
    const { server, make, record } = setup()
    const tm = make()
    const events = record(tm)
    const tokens = server.login()
    tm.login(tokens)
    // Someone else (an attacker holding a copy) rotated the token twice: ours is no longer the most
    // recently retired one, so the reuse grace does not apply.
    const steal = async (refreshToken: string) => {
      const r = await server.fetch('/api/token/refresh', { method: 'POST', body: JSON.stringify({ refreshToken }) })
      return ((await r.json()) as { data: { refreshToken: string } }).data.refreshToken
    }
    await steal(await steal(tokens.refreshToken))
    expect(await tm.refreshAccessToken()).toBe(false)
    expect(events).toEqual(['login', 'sessionExpired:REFRESH_TOKEN_REUSED'])
  })

  it('a request refused while another request refreshed is retried with the new token, not logged out', async () => {
    const { clock, server, make, record } = setup()
    // The server refuses the first request's (old) token only after a refresh landed, as a server
    // that invalidates superseded access tokens would.
    let first = true
    const tm: TokenManager = make({
      checkInterval: '1h',
      refreshThreshold: 0,
      fetch: async (url, init) => {
        if (url !== '/api/profile' || !first) return server.fetch(url, init)
        first = false
        await tm.refreshAccessToken()
        return new Response(JSON.stringify({ error: { code: 'TOKEN_INVALID', message: 'superseded' } }), {
          status: 401,
        })
      },
    })
    const events = record(tm)
    tm.login(server.login())
    const res = await tm.makeAuthenticatedRequest('/api/profile')
    expect(res.status).toBe(200)
    expect(tm.isAuthenticated()).toBe(true)
    expect(events).toEqual(['login', 'refreshed'])
    await clock.advance(0)
  })
})
