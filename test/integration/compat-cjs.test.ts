/**
 * The seeds' READMEs load them with `require(...)` and use the result directly:
 * `var JWTRedisSession = require("jwt-redis-session")` is called as a function, `redis-jwt`'s class
 * is constructed, and `const { generateToken, auth, logout } = require('jwt-redis-sessions')`
 * destructures. This checks the built CommonJS files do the same (run after `npm run build`).
 */
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const require = createRequire(import.meta.url)
const dist = join(import.meta.dirname, '../../dist/compat')

describe('CommonJS entry points of the compat layers', () => {
  it('are built', () => {
    for (const name of ['jwt-redis-sessions', 'redis-jwt', 'jwt-redis-session']) {
      expect(existsSync(join(dist, `${name}.cjs`)), `dist/compat/${name}.cjs (run npm run build)`).toBe(true)
    }
  })

  it('jwt-redis-session: require() is the factory', () => {
    const JWTRedisSession = require(join(dist, 'jwt-redis-session.cjs')) as unknown
    expect(typeof JWTRedisSession).toBe('function')
    expect(() => (JWTRedisSession as (o: unknown) => unknown)({ client: {}, secret: '' })).toThrow(/client/)
  })

  it('redis-jwt: require() is the class', () => {
    const RedisJWT = require(join(dist, 'redis-jwt.cjs')) as unknown
    expect(typeof RedisJWT).toBe('function')
    expect(() => new (RedisJWT as new (o: unknown) => unknown)({})).toThrow(/secret/)
  })

  it('jwt-redis-sessions: require() destructures the functional API', () => {
    const m = require(join(dist, 'jwt-redis-sessions.cjs')) as Record<string, unknown>
    for (const name of [
      'generateToken',
      'refreshToken',
      'revokeToken',
      'revokeAllUserTokens',
      'verifyToken',
      'getUserSessions',
      'isTokenBlacklisted',
      'auth',
      'optionalAuth',
      'rateLimit',
      'logout',
      'logoutAll',
      'refresh',
      'configure',
      'initialize',
      'closeRedisConnection',
      'AuthError',
      'ValidationError',
      'TokenError',
      'RedisError',
    ]) {
      expect(typeof m[name], name).toBe('function')
    }
    expect(typeof m['config']).toBe('object')
  })
})
