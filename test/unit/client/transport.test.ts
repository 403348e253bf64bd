import { afterEach, describe, expect, it, vi } from 'vitest'
import { setup } from './setup.js'

const MIN = 60_000

afterEach(() => {
  vi.unstubAllGlobals()
})

describe('TokenManager: cookie mode', () => {
  function cookieSetup() {
    const t = setup()
    t.server.cookieMode = true
    const tm = t.make({ mode: 'cookie', csrfToken: () => t.server.jar.csrf, checkInterval: '1h' })
    return { ...t, tm }
  }

  it('keeps nothing secret readable, sends CSRF on state-changing requests only', async () => {
    const { server, storage, tm } = cookieSetup()
    tm.login({ ...server.login('carol'), userId: 'carol' })
    expect(tm.getAccessToken()).toBeNull()
    expect(tm.getTokenInfo()).toMatchObject({ mode: 'cookie', userId: 'carol', timeUntilExpiry: 15 * MIN })
    const stored = [...storage.map.values()].join()
    expect(stored).not.toContain(server.jar.at)
    expect(stored).not.toContain(server.jar.rt)
    expect((await tm.makeAuthenticatedRequest('/api/profile')).status).toBe(200)
    const get = server.calls.at(-1)!
    expect(get.headers.get('x-csrf-token')).toBeNull()
    expect(get.headers.get('authorization')).toBeNull()
    expect(get.credentials).toBe('same-origin')
    expect((await tm.makeAuthenticatedRequest('/api/logout', { method: 'POST' })).status).toBe(200)
    expect(server.calls.at(-1)!.headers.get('x-csrf-token')).toBe(`csrf-${server.sessionIds()[0]}`)
  })

  it('a dropped access cookie (TOKEN_MISSING) triggers one refresh with the CSRF header and no body token', async () => {
    const { clock, server, tm, record } = cookieSetup()
    const events = record(tm)
    tm.login(server.login())
    clock.skew = -20 * MIN
    await clock.advance(16 * MIN)
    expect((await tm.makeAuthenticatedRequest('/api/profile')).status).toBe(200)
    expect(server.rejected).toEqual(['TOKEN_MISSING'])
    expect(server.refreshes).toBe(1)
    const refresh = server.calls.find((c) => c.url === '/api/token/refresh')!
    expect(refresh.body).toBe('{}')
    expect(refresh.headers.get('x-csrf-token')).toBe(server.jar.csrf)
    expect(events).toEqual(['login', 'refreshed'])
    // seed 004's refresh data carries expiresIn in milliseconds
    expect(tm.getTokenInfo().timeUntilExpiry).toBe(15 * MIN)
  })

  it('a 403 CSRF_FAILED on refresh is an error, not a logout', async () => {
    const { server, make } = setup()
    server.cookieMode = true
    const tm = make({ mode: 'cookie', csrfToken: () => 'wrong', checkInterval: '1h' })
    const events: unknown[] = []
    tm.on('error', (e) => events.push((e.error as { code: string }).code))
    tm.login(server.login())
    await expect(tm.refreshAccessToken()).rejects.toMatchObject({ status: 403, code: 'CSRF_FAILED' })
    expect(tm.isAuthenticated()).toBe(true)
    expect(events).toEqual(['CSRF_FAILED'])
  })
})

describe('TokenManager: failures are bounded', () => {
  it('retries a refresh after network errors with backoff, then succeeds', async () => {
    const { clock, server, make, record } = setup()
    const tm = make({ checkInterval: '1h' })
    const events = record(tm)
    tm.login(server.login())
    server.failNext = 2
    const done = tm.refreshAccessToken()
    await clock.advance(5000)
    expect(await done).toBe(true)
    expect(server.calls.filter((c) => c.url === '/api/token/refresh')).toHaveLength(3)
    expect(events).toEqual(['login', 'refreshed'])
  })

  it('gives up after maxRetries, emits error, keeps the session; an outage costs a bounded number of attempts', async () => {
    const { clock, server, make, record } = setup()
    const tm = make({ checkInterval: '5m' })
    const events = record(tm)
    tm.login(server.login())
    server.down = true
    const first = tm.refreshAccessToken()
    await clock.advance(10_000)
    await expect(first).rejects.toThrow('Failed to fetch')
    expect(server.calls).toHaveLength(4) // 1 + maxRetries (3)
    expect(events).toEqual(['login', 'error'])
    // A whole hour offline: the proactive checks back off up to checkInterval.
    await clock.advance(60 * MIN)
    expect(server.calls.length).toBeLessThan(4 + 4 * 20)
    expect(tm.isAuthenticated()).toBe(true)
    server.down = false
    await clock.advance(5 * MIN)
    expect(server.refreshes).toBeGreaterThanOrEqual(1)
    expect(tm.getTokenInfo().timeUntilExpiry).toBeGreaterThan(10 * MIN)
  })

  it('honours Retry-After on 503', async () => {
    const { clock, server, make } = setup()
    const tm = make({ checkInterval: '1h' })
    tm.login(server.login())
    server.refreshStatus = { status: 503, times: 1, retryAfter: 7 }
    const done = tm.refreshAccessToken()
    await clock.advance(6900)
    expect(server.refreshes).toBe(1)
    await clock.advance(200)
    expect(await done).toBe(true)
    expect(server.refreshes).toBe(2)
  })

  it('logout() revokes on the server, ends here, emits logout once and clears every timer', async () => {
    const { clock, server, storage, make, record } = setup()
    const tm = make({ logoutUrl: '/api/logout' })
    const events = record(tm)
    const tokens = server.login()
    tm.login(tokens)
    server.down = true
    void tm.refreshAccessToken().catch(() => undefined) // a refresh waiting in back-off
    await clock.advance(100)
    server.down = false
    await tm.logout()
    expect(server.calls.at(-1)).toMatchObject({ url: '/api/logout', method: 'POST' })
    expect(server.calls.at(-1)!.headers.get('authorization')).toBe(`Bearer ${tokens.accessToken}`)
    expect(events).toEqual(['login', 'logout'])
    expect(tm.isAuthenticated()).toBe(false)
    expect(storage.map.size).toBe(0)
    await clock.advance(0)
    expect(clock.pending).toBe(0)
    const callsAfter = server.calls.length
    await clock.advance(60 * MIN)
    expect(server.calls.length).toBe(callsAfter)
  })

  it('logout() still ends the session locally when the server is unreachable', async () => {
    const { server, make, record } = setup()
    const tm = make({ logoutUrl: '/api/logout', maxRetries: 0 })
    const events = record(tm)
    tm.login(server.login())
    server.down = true
    await tm.logout()
    expect(events).toEqual(['login', 'logout'])
  })
})

describe('TokenManager: page lifecycle', () => {
  function fakeDocument(hidden: boolean) {
    const doc = Object.assign(new EventTarget(), { hidden, cookie: '' })
    const win = new EventTarget()
    vi.stubGlobal('document', doc)
    vi.stubGlobal('addEventListener', win.addEventListener.bind(win))
    vi.stubGlobal('removeEventListener', win.removeEventListener.bind(win))
    return { doc, win }
  }

  it('pauses while hidden and catches up on visibilitychange', async () => {
    const { doc } = fakeDocument(true)
    const { clock, server, make } = setup()
    const tm = make()
    tm.login(server.login())
    expect(clock.pending).toBe(0)
    await clock.advance(30 * MIN)
    expect(server.calls).toHaveLength(0)
    doc.hidden = false
    doc.dispatchEvent(new Event('visibilitychange'))
    await clock.advance(0)
    expect(server.refreshes).toBe(1)
    expect(tm.getTokenInfo().needsRefresh).toBe(false)
  })

  it('re-checks when the browser comes back online', async () => {
    const { win } = fakeDocument(false)
    const { clock, server, make } = setup()
    const tm = make({ checkInterval: '1h' })
    tm.login(server.login())
    server.down = true
    await clock.advance(12 * MIN)
    const attempts = server.calls.length
    expect(attempts).toBeGreaterThan(0)
    server.down = false
    win.dispatchEvent(new Event('online'))
    await clock.advance(0)
    expect(server.refreshes).toBe(1)
    expect(tm.destroy()).toBeUndefined()
  })

  it('reads CSRF from the readable cookie by default', async () => {
    const { doc } = fakeDocument(false)
    doc.cookie = 'theme=dark; __Host-jwts-csrf=abc%3D; other=1'
    const { server, make } = setup()
    const tm = make({ mode: 'cookie' })
    tm.login({ expiresIn: 60_000 })
    await tm.makeAuthenticatedRequest('/x', { method: 'DELETE' })
    expect(server.calls.at(-1)!.headers.get('x-csrf-token')).toBe('abc=')
  })
})

describe('TokenManager: getSessionStats', () => {
  it("reads the signed-in user's statistics with the bearer token", async () => {
    const { server, make } = setup()
    const tm = make()
    await expect(tm.getSessionStats()).rejects.toThrow('Not signed in')
    tm.login(server.login('dave'))
    expect(await tm.getSessionStats()).toEqual({ userId: 'dave', activeSessions: 1 })
    expect(server.calls.at(-1)?.url).toBe('/api/token/session-stats/dave')
  })
})

describe('TokenManager: autoRefresh false', () => {
  it('sets no timer and refreshes only when a request needs it', async () => {
    const { clock, server, make } = setup()
    const tm = make({ autoRefresh: false })
    tm.login(server.login())
    expect(clock.pending).toBe(0)
    await clock.advance(16 * MIN)
    expect(server.refreshes).toBe(0)
    expect((await tm.makeAuthenticatedRequest('/api/profile')).status).toBe(200)
    expect(server.refreshes).toBe(1)
  })
})
