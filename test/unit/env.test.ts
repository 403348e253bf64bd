import { describe, expect, it } from 'vitest'
import { memoryStore, optionsFromEnv, sessionsFromEnv } from '../../src/index.js'

const SECRET = 'env-secret-of-at-least-thirty-two-bytes'

describe('sessionsFromEnv', () => {
  it('reads durations, limits, issuer and audience from the environment', async () => {
    const env = {
      JWT_SECRET: SECRET,
      JWT_ACCESS_TOKEN_EXPIRY: '2h',
      JWT_REFRESH_TOKEN_EXPIRY: '30d',
      JWT_SESSION_EXPIRY: '90d',
      JWT_MAX_CONCURRENT_SESSIONS: '10',
      JWT_ISSUER: 'i',
      JWT_AUDIENCE: 'a',
    }
    const s = sessionsFromEnv({ store: memoryStore() }, env)
    expect(s.config).toMatchObject({
      accessTokenTtlMs: 7_200_000,
      refreshTokenTtlMs: 30 * 86_400_000,
      sessionTtlMs: 90 * 86_400_000,
      maxSessionsPerUser: 10,
      issuer: 'i',
      audience: 'a',
    })
    const t = await s.create('u')
    expect(t.expiresIn).toBe(7200)
  })

  it('throws ConfigError naming the bad variable', () => {
    const store = memoryStore()
    expect(() => sessionsFromEnv({ store }, {})).toThrow(/JWT_SECRET is required/)
    expect(() => sessionsFromEnv({ store }, { JWT_SECRET: 'short' })).toThrow(/JWT_SECRET must be at least 32 bytes/)
    expect(() => sessionsFromEnv({ store }, { JWT_SECRET: SECRET, JWT_ACCESS_TOKEN_EXPIRY: 'soon' })).toThrow(
      /JWT_ACCESS_TOKEN_EXPIRY must be a duration/,
    )
    expect(() => sessionsFromEnv({ store }, { JWT_SECRET: SECRET, JWT_MAX_CONCURRENT_SESSIONS: '-1' })).toThrow(
      /JWT_MAX_CONCURRENT_SESSIONS/,
    )
    expect(() => optionsFromEnv({ JWT_SECRET: SECRET, REDIS_PORT: 'x' })).toThrow(/REDIS_PORT/)
    expect(() => optionsFromEnv({ JWT_SECRET: SECRET, REDIS_URL: 'localhost:6379' })).toThrow(/REDIS_URL/)
    expect(() => optionsFromEnv({ JWT_SECRET: SECRET, REDIS_KEY_PREFIX: 'nocolon' })).toThrow(/REDIS_KEY_PREFIX/)
    expect(() => optionsFromEnv({ JWT_SECRET: SECRET, REDIS_DB: '99' })).toThrow(/REDIS_DB/)
  })
})
