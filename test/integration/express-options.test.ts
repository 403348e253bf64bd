// Express-specific cookie-mode configuration. The cookie transport and CSRF behaviour on the wire
// is checked for every adapter by the HTTP conformance suite (test/conformance/http).
import { describe, expect, it } from 'vitest'
import { createSessions, memoryStore, type Sessions } from '../../src/index.js'
import { expressSessions } from '../../src/adapters/express/index.js'
import { ConfigError } from '../../src/errors/index.js'

describe('cookie options validation', () => {
  const sessions = { store: {} } as unknown as Sessions
  it('refuses SameSite=None without Secure, and a __Host- name where it cannot apply', () => {
    expect(() => expressSessions(sessions, { cookies: { sameSite: 'none', secure: false } })).toThrow(ConfigError)
    expect(() => expressSessions(sessions, { cookies: { path: '/app', names: { accessToken: '__Host-x' } } })).toThrow(
      ConfigError,
    )
    expect(() => expressSessions(sessions, { cookies: false, tokenFrom: ['cookie'] })).toThrow(ConfigError)
  })
  it('drops prefixes when secure is off (plain-http development)', () => {
    const jwt = expressSessions(sessions, { cookies: { secure: false } })
    expect(jwt.core.config.cookies).toMatchObject({ accessName: 'jwts-at', refreshName: 'jwts-rt', secure: false })
  })
})

describe('unknown option keys', () => {
  const sessions = { store: {} } as unknown as Sessions
  it('expressSessions(s, { cookie: true }) names the key and the closest valid option', () => {
    expect(() => expressSessions(sessions, { cookie: true } as never)).toThrow(
      new ConfigError('expressSessions options: unknown option "cookie" (did you mean "cookies"?)'),
    )
    expect(() => expressSessions(sessions, { requestkey: 'x' } as never)).toThrow(/did you mean "requestKey"/)
    const jwt = expressSessions(createSessions({ store: memoryStore(), secret: 'm'.repeat(40) }), {
      requestKey: 'jwtSession',
    })
    expect(() => jwt.rateLimit({ limit: 1, blockDuraton: '1m' } as never)).toThrow(/did you mean "blockDuration"/)
    expect(() => jwt.loginGuard({ maxFailure: 1 } as never)).toThrow(/did you mean "maxFailures"/)
  })
})
