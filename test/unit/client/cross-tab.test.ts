import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { ChannelLike, TokenManager, TokenManagerOptions } from '../../../src/client/index.js'
import { memStorage, until } from './fakes.js'
import { setup } from './setup.js'

const MIN = 60_000

/** Two "tabs": one fake server, shared storage and lock, real BroadcastChannels of one name. */
function twoTabs(o: TokenManagerOptions = {}, cookie = false) {
  const t = setup()
  t.server.cookieMode = cookie
  const name = `jwts-${randomUUID()}`
  const channels: InstanceType<typeof BroadcastChannel>[] = []
  const tab = (extra: TokenManagerOptions = {}) => {
    const ch = new BroadcastChannel(name)
    channels.push(ch)
    return t.make({
      channel: ch as unknown as ChannelLike,
      // memory and sessionStorage are per tab: no shared storage to re-read
      ...(o.refreshTokenStorage === 'memory' ? { storage: memStorage() } : {}),
      ...(cookie ? { mode: 'cookie' as const, csrfToken: () => t.server.jar.csrf } : {}),
      ...o,
      ...extra,
    })
  }
  return { ...t, tab }
}

async function expireTogether(clock: { advance(ms: number): Promise<void> }, ms = 12 * MIN) {
  // Both tabs' refresh timers fall due within the same window; the lock serialises them.
  for (let i = 0; i < ms / 1000; i++) await clock.advance(1000)
}

describe('TokenManager across tabs', () => {
  for (const [label, opts, cookie] of [
    ['header mode, refresh token in localStorage', { refreshTokenStorage: 'local' }, false],
    ['header mode, refresh token in memory', { refreshTokenStorage: 'memory' }, false],
    ['cookie mode', {}, true],
  ] as const) {
    it(`${label}: two tabs at expiry cause exactly one refresh`, async () => {
      const { clock, server, tab, record } = twoTabs(opts, cookie)
      const a = tab()
      const b = tab()
      const eb = record(b)
      a.login(server.login())
      await until(() => b.isAuthenticated())
      expect(eb).toEqual(['login'])
      await expireTogether(clock)
      await until(() => eb.includes('refreshed'))
      expect(server.refreshes).toBe(1)
      expect(b.getTokenInfo().expiresAt).toBe(a.getTokenInfo().expiresAt)
      if (!cookie) expect(b.getAccessToken()).toBe(a.getAccessToken())
      expect((await b.makeAuthenticatedRequest('/api/profile')).status).toBe(200)
      expect((await a.makeAuthenticatedRequest('/api/profile')).status).toBe(200)
      expect(server.refreshes).toBe(1)
      expect(server.rejected).toEqual([])
    })
  }

  it('a tab opened later gets the session from an open tab (memory storage)', async () => {
    const { server, tab } = twoTabs({ refreshTokenStorage: 'memory' })
    const a = tab()
    const tokens = server.login()
    a.login(tokens)
    const b = tab()
    await until(() => b.isAuthenticated())
    expect(b.getAccessToken()).toBe(tokens.accessToken)
  })

  it('login and logout reach the other tab (within a second)', async () => {
    const { server, storage, tab, record } = twoTabs({ logoutUrl: '/api/logout' })
    const a = tab()
    const b = tab()
    const eb = record(b)
    a.login(server.login())
    await until(() => b.isAuthenticated(), 1000)
    await a.logout()
    await until(() => !b.isAuthenticated(), 1000)
    expect(eb).toEqual(['login', 'logout'])
    expect(storage.map.size).toBe(0)
  })

  it('a session the server ended in one tab ends in the other with sessionExpired', async () => {
    const { server, tab, record } = twoTabs()
    const a = tab()
    const b = tab()
    const eb = record(b)
    const tokens = server.login()
    a.login(tokens)
    await until(() => b.isAuthenticated())
    server.revoke(tokens.sessionId)
    expect((await a.makeAuthenticatedRequest('/api/profile')).status).toBe(401)
    await until(() => !b.isAuthenticated())
    expect(eb).toEqual(['login', 'sessionExpired:SESSION_REVOKED'])
  })

  it('with no channel at all, the stored state re-read under the lock prevents a second refresh (cookie mode)', async () => {
    const { clock, server, tab } = twoTabs({ channel: null }, true)
    const a = tab()
    a.login(server.login())
    const b = tab() // reads the session from shared storage
    expect(b.isAuthenticated()).toBe(true)
    await expireTogether(clock)
    expect(server.refreshes).toBe(1)
    expect(b.getTokenInfo().expiresAt).toBe(a.getTokenInfo().expiresAt)
  })

  it('with no channel, header mode adopts the newer stored refresh token: no reuse, session alive', async () => {
    const { clock, server, tab, record } = twoTabs({ channel: null, refreshTokenStorage: 'local' })
    const a = tab()
    a.login(server.login())
    const b = tab() // after a "reload": refresh token only, gets its own access token first
    const eb = record(b)
    await clock.advance(0)
    expect(server.refreshes).toBe(1)
    await expireTogether(clock)
    expect(server.rejected).toEqual([])
    expect(eb.filter((e) => e.startsWith('sessionExpired'))).toEqual([])
    expect((await a.makeAuthenticatedRequest('/api/profile')).status).toBe(200)
    expect((await b.makeAuthenticatedRequest('/api/profile')).status).toBe(200)
    expect(a.isAuthenticated() && b.isAuthenticated()).toBe(true)
  })

  it('destroy() closes the channel and stops the timers but keeps the session stored', async () => {
    const { clock, server, storage, tab } = twoTabs()
    const a: TokenManager = tab()
    a.login(server.login())
    a.destroy()
    await clock.advance(60 * MIN)
    expect(server.calls).toHaveLength(0)
    expect(storage.map.size).toBe(1)
  })
})
