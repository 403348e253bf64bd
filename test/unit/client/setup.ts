import { afterEach } from 'vitest'
import { TokenManager, type TokenManagerOptions } from '../../../src/client/index.js'
import { FakeClock, memStorage, mutex } from './fakes.js'
import { FakeServer } from './fake-server.js'

const live: TokenManager[] = []
afterEach(() => {
  for (const tm of live.splice(0)) tm.destroy()
})

/** A clock, a fake server, shared storage and lock, and a factory of "tabs" wired to them. */
export function setup() {
  const clock = new FakeClock()
  const server = new FakeServer(clock)
  const storage = memStorage()
  const lock = mutex()
  const make = (o: TokenManagerOptions = {}): TokenManager => {
    const tm = new TokenManager({
      mode: 'header',
      refreshTokenStorage: 'local',
      clock,
      storage,
      lock,
      channel: null,
      fetch: server.fetch,
      ...o,
    })
    live.push(tm)
    return tm
  }
  /** Collects the events of a manager. */
  const record = (tm: TokenManager) => {
    const events: string[] = []
    for (const ev of ['login', 'refreshed', 'logout', 'sessionExpired', 'error'] as const) {
      tm.on(ev, (p) => events.push(ev + ('code' in p ? `:${p.code}` : '')))
    }
    return events
  }
  return { clock, server, storage, lock, make, record }
}
