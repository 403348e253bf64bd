/**
 * Seed 000 (`jwt-redis-sessions`): its README's Quick Start and API overview, run unchanged except
 * for the import, against real Redis over real HTTP; plus the security holes it had, now closed.
 */
import type { AddressInfo } from 'node:net'
import type { Server } from 'node:http'
import express from 'express'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  AuthError,
  closeRedisConnection,
  config,
  configure,
  generateToken,
  getUserSessions,
  initialize,
  isTokenBlacklisted,
  logoutAll,
  optionalAuth,
  rateLimit,
  RedisError,
  refresh,
  refreshToken,
  revokeAllUserTokens,
  revokeToken,
  TokenError,
  ValidationError,
  verifyToken,
} from '../../src/compat/jwt-redis-sessions/index.js'
// The README's import line, with only the package name changed.
import { auth, logout } from '../../src/compat/jwt-redis-sessions/index.js'
import { cleanupPrefix, redisUrl, uniquePrefix } from '../helpers/redis.js'
import { RedisServer } from '../helpers/redis-server.js'

const prefix = uniquePrefix('compat-jrs')
const servers: Server[] = []

function env(extra: Record<string, string> = {}) {
  process.env['JWT_SECRET'] = 'your-super-secure-jwt-secret-key-with-at-least-32-characters-for-production'
  process.env['REDIS_URL'] = redisUrl()
  process.env['REDIS_KEY_PREFIX'] = prefix
  delete process.env['JWT_ACCESS_TOKEN_EXPIRY']
  Object.assign(process.env, extra)
}

async function listen(app: express.Express): Promise<string> {
  const server = app.listen(0)
  servers.push(server)
  await new Promise<void>((r) => server.once('listening', () => r()))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

const post = (url: string, body: unknown, token?: string) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  })
const get = (url: string, token?: string) => fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} })

beforeAll(() => env())
afterAll(async () => {
  for (const s of servers) s.close()
  await closeRedisConnection()
  await cleanupPrefix(prefix)
})

describe('README Quick Start, unchanged except the import', () => {
  let base: string
  beforeAll(async () => {
    const app = express()
    app.use(express.json())

    // Login endpoint
    app.post('/login', async (req, res) => {
      try {
        // Validate user credentials here
        const user = {
          userId: 'user123',
          email: 'user@example.com',
        }

        // Generate tokens
        const tokens = await generateToken(user)
        res.json(tokens)
      } catch (error) {
        res.status(500).json({ error: (error as Error).message })
      }
    })

    // Protected route
    app.get('/profile', auth, (req, res) => {
      res.json({
        message: 'This is a protected route',
        user: (req as unknown as { user: unknown }).user,
        session: (req as unknown as { session: unknown }).session,
      })
    })

    // Logout
    app.post('/logout', auth, logout)

    base = await listen(app)
  })

  it('logs in, reads the profile, logs out, and the token is dead afterwards', async () => {
    const login = await post(`${base}/login`, {})
    expect(login.status).toBe(200)
    const tokens = (await login.json()) as Record<string, unknown>
    expect(Object.keys(tokens).sort()).toEqual(['accessToken', 'expiresIn', 'refreshToken', 'tokenType'])
    expect(tokens['tokenType']).toBe('Bearer')
    expect(tokens['expiresIn']).toBe('15m')
    const access = tokens['accessToken'] as string

    const profile = await get(`${base}/profile`, access)
    expect(profile.status).toBe(200)
    const body = (await profile.json()) as {
      message: string
      user: Record<string, unknown>
      session: Record<string, unknown>
    }
    expect(body.message).toBe('This is a protected route')
    expect(body.user).toEqual({ userId: 'user123', email: 'user@example.com' })
    expect(body.session).toMatchObject({ userId: 'user123', email: 'user@example.com' })
    expect(typeof body.session['sessionId']).toBe('string')
    expect(Number.isNaN(Date.parse(body.session['createdAt'] as string))).toBe(false)

    const out = await post(`${base}/logout`, {}, access)
    expect(out.status).toBe(200)
    expect(await out.json()).toEqual({ success: true, message: 'Logged out successfully' })

    const after = await get(`${base}/profile`, access)
    expect(after.status).toBe(401)
    expect(after.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"')
    const err = (await after.json()) as { status: string; error: { code: string } }
    expect(err.status).toBe('TOKEN_ERROR')
    expect(err.error.code).toBe('SESSION_REVOKED')
    // Nor can the refresh token of the ended session bring it back.
    await expect(refreshToken(tokens['refreshToken'] as string)).rejects.toBeInstanceOf(TokenError)
  })

  it('answers 401 with the seed body when no token is sent', async () => {
    const r = await get(`${base}/profile`)
    expect(r.status).toBe(401)
    expect(r.headers.get('www-authenticate')).toBe('Bearer')
    expect(await r.json()).toMatchObject({
      status: 'TOKEN_ERROR',
      message: 'Authorization header not found',
      error: { code: 'TOKEN_MISSING' },
    })
  })
})

describe('API overview: token management', () => {
  it('verifyToken resolves to { valid, decoded, session }', async () => {
    const t = await generateToken({ userId: 'v1', role: 'admin', permissions: ['read', 'write'] })
    const r = await verifyToken(t.accessToken)
    expect(r.valid).toBe(true)
    expect(r.decoded).toEqual({ userId: 'v1', role: 'admin', permissions: ['read', 'write'] })
    expect(r.session).toMatchObject({ userId: 'v1', role: 'admin' })
  })

  it('refreshToken rotates; a replayed refresh token revokes the session', async () => {
    const t0 = await generateToken({ userId: 'rot' })
    const t1 = await refreshToken(t0.refreshToken)
    expect(t1.tokenType).toBe('Bearer')
    expect(t1.refreshToken).not.toBe(t0.refreshToken)
    const t2 = await refreshToken(t1.refreshToken)
    await verifyToken(t2.accessToken)
    // t0 is two rotations old: no grace, this is theft.
    const replay = await refreshToken(t0.refreshToken).catch((e: unknown) => e)
    expect(replay).toBeInstanceOf(TokenError)
    expect((replay as TokenError).statusCode).toBe(401)
    expect((replay as TokenError).reason).toBe('REFRESH_TOKEN_REUSED')
    await expect(verifyToken(t2.accessToken)).rejects.toMatchObject({ code: 'TOKEN_ERROR', reason: 'SESSION_REVOKED' })
    await expect(refreshToken(t2.refreshToken)).rejects.toBeInstanceOf(TokenError)
  })

  it('revokeToken ends the session given an access token, a refresh token, or an expired token', async () => {
    const a = await generateToken({ userId: 'rv' })
    expect(await revokeToken(a.accessToken)).toEqual({ success: true, message: 'Token revoked successfully' })
    await expect(refreshToken(a.refreshToken)).rejects.toBeInstanceOf(TokenError)
    expect(await isTokenBlacklisted(a.accessToken)).toBe(true)

    const b = await generateToken({ userId: 'rv' })
    expect(await isTokenBlacklisted(b.accessToken)).toBe(false)
    await revokeToken(b.refreshToken)
    await expect(verifyToken(b.accessToken)).rejects.toMatchObject({ reason: 'SESSION_REVOKED' })
    expect(await revokeToken(b.refreshToken)).toEqual({ success: true, message: 'Token already invalid' })
    expect(await isTokenBlacklisted('not-a-token')).toBe(false)
  })

  it('revokeAllUserTokens finds every session of the user, and getUserSessions lists them', async () => {
    const sets = await Promise.all([1, 2, 3].map(() => generateToken({ userId: 'many', email: 'm@example.com' })))
    const other = await generateToken({ userId: 'many-other' })
    const listed = await getUserSessions('many')
    expect(listed).toHaveLength(3)
    expect(listed[0]).toMatchObject({ userId: 'many', email: 'm@example.com' })
    expect(typeof listed[0]!.refreshExpiresAt).toBe('number')
    expect(await revokeAllUserTokens('many')).toEqual({ success: true, message: 'Revoked 3 sessions for user many' })
    for (const s of sets) {
      await expect(verifyToken(s.accessToken)).rejects.toBeInstanceOf(TokenError)
      await expect(refreshToken(s.refreshToken)).rejects.toBeInstanceOf(TokenError)
    }
    expect(await getUserSessions('many')).toEqual([])
    await verifyToken(other.accessToken)
  })

  it('keys the user by userId, else id, else email', async () => {
    await generateToken({ email: 'only-email@example.com' })
    await generateToken({ id: 'only-id' })
    expect(await getUserSessions('only-email@example.com')).toHaveLength(1)
    expect((await revokeAllUserTokens('only-id')).message).toBe('Revoked 1 sessions for user only-id')
  })

  it('keeps the seed validation of token data', async () => {
    await expect(generateToken({ userId: 'x', password: 'hunter2' })).rejects.toMatchObject({
      name: 'ValidationError',
      statusCode: 400,
    })
    await expect(generateToken({ userId: 'x', jti: 'mine' })).rejects.toBeInstanceOf(ValidationError)
    await expect(generateToken({ userId: 'x', nested: { a: 1 } } as never)).rejects.toBeInstanceOf(ValidationError)
    await expect(verifyToken('')).rejects.toMatchObject({ statusCode: 401, code: 'TOKEN_ERROR' })
    await expect(verifyToken('a.b.c')).rejects.toMatchObject({ reason: 'TOKEN_INVALID' })
    await expect(revokeAllUserTokens('' as string)).rejects.toBeInstanceOf(ValidationError)
  })

  it('configure refuses changes after initialisation and unknown options', async () => {
    await initialize()
    expect(config.redis.keyPrefix).toBe(prefix)
    expect(() => configure({ jwt: { issuer: 'x' } })).toThrow(AuthError)
    // Unknown names: 3.x's ValidationError and message, plus the nearest valid name.
    await closeRedisConnection()
    expect(() => configure({ jwt: { secrett: 'x' } } as never)).toThrow(
      /Unknown configuration option 'jwt.secrett' \(did you mean 'secret'\?\)/,
    )
    expect(() => configure({ jwt: { secrett: 'x' } } as never)).toThrow(ValidationError)
    expect(() => configure({ reddis: {} } as never)).toThrow(/did you mean 'redis'/)
    await expect(initialize({ confg: {} } as never)).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      message: expect.stringContaining('did you mean "config"'),
    })
  })
})

describe('API overview: middleware and handlers', () => {
  let base: string
  beforeAll(async () => {
    const app = express()
    app.post('/login', rateLimit(2, 60_000), async (_req, res) => res.json(await generateToken({ userId: 'mw' })))
    app.get('/feed', optionalAuth, (req, res) =>
      res.json({ user: (req as unknown as { user?: unknown }).user ?? null }),
    )
    app.post('/refresh', refresh)
    app.post('/logout', logout)
    app.post('/logout-all', auth, logoutAll)
    base = await listen(app) // no express.json(): the handlers read JSON bodies themselves
  })

  it('rateLimit answers 429 with Retry-After past maxAttempts', async () => {
    const a = await post(`${base}/login`, {})
    const b = await post(`${base}/login`, {})
    const c = await post(`${base}/login`, {})
    expect([a.status, b.status, c.status]).toEqual([200, 200, 429])
    expect(Number(c.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(await c.json()).toMatchObject({ status: 'TOO_MANY_REQUESTS' })
  })

  it('optionalAuth passes without a token and sets req.user with one', async () => {
    const t = await generateToken({ userId: 'opt' })
    expect(await (await get(`${base}/feed`)).json()).toEqual({ user: null })
    expect(await (await get(`${base}/feed`, t.accessToken)).json()).toEqual({ user: { userId: 'opt' } })
    expect((await get(`${base}/feed`, 'bad.token.here')).status).toBe(401)
  })

  it('refresh, logout with only a refresh token, and logoutAll', async () => {
    const t = await generateToken({ userId: 'h' })
    const r = await post(`${base}/refresh`, { refreshToken: t.refreshToken })
    expect(r.status).toBe(200)
    const next = (await r.json()) as { accessToken: string; refreshToken: string }
    expect((await post(`${base}/refresh`, {})).status).toBe(400)

    // Logout given only the refresh token still ends the session.
    expect((await post(`${base}/logout`, { refreshToken: next.refreshToken })).status).toBe(200)
    await expect(verifyToken(next.accessToken)).rejects.toMatchObject({ reason: 'SESSION_REVOKED' })

    const x = await generateToken({ userId: 'h' })
    const y = await generateToken({ userId: 'h' })
    const all = await post(`${base}/logout-all`, {}, x.accessToken)
    expect(all.status).toBe(200)
    expect(await all.json()).toMatchObject({ success: true, message: 'Revoked 2 sessions for user h' })
    await expect(verifyToken(y.accessToken)).rejects.toBeInstanceOf(TokenError)
  })
})

describe('3.0.1 behaviour the seed suite checks', () => {
  it('a refresh ends the previous access token at once; a repeat within the grace gets the same successor', async () => {
    const t = await generateToken({ userId: 'gen-u1' })
    const next = await refreshToken(t.refreshToken)
    const old = await verifyToken(t.accessToken).catch((e: unknown) => e)
    expect(old).toBeInstanceOf(TokenError)
    expect(old).toMatchObject({
      message: 'Token session has been replaced or revoked',
      statusCode: 401,
      reason: 'TOKEN_INVALID',
    })
    const again = await refreshToken(t.refreshToken)
    expect(again.accessToken).toBe(next.accessToken)
    await expect(verifyToken(again.accessToken)).resolves.toMatchObject({ valid: true })
  })

  it('a revoked token says "Token has been revoked"', async () => {
    const t = await generateToken({ userId: 'gen-rv' })
    await revokeToken(t.accessToken)
    await expect(verifyToken(t.accessToken)).rejects.toMatchObject({
      message: 'Token has been revoked',
      reason: 'SESSION_REVOKED',
    })
  })

  // A response with only status() and json(), as 3.x's own tests pass: no setHeader, no set.
  const double = () => {
    const calls: { status?: number; body?: unknown } = {}
    const res = {
      status: (c: number) => {
        calls.status = c
        return res
      },
      json: (b: unknown) => {
        calls.body = b
        return res
      },
    }
    return { res, calls }
  }

  it('a malformed or non-Bearer Authorization header is 400 VALIDATION_ERROR, on a response without setHeader', async () => {
    const cases: Array<[string, string]> = [
      ['InvalidFormat token', 'Authorization header must use Bearer scheme'],
      ['Bearer', 'Invalid authorization header format'],
      ['Basic', 'Invalid authorization header format'],
      ['Bearer a b', 'Invalid authorization header format'],
      ['Bearer  ', 'Token not provided in authorization header'],
    ]
    for (const [authorization, message] of cases) {
      const { res, calls } = double()
      let nexted = false
      await auth({ headers: { authorization } }, res, () => (nexted = true))
      expect(nexted).toBe(false)
      expect(calls).toEqual({
        status: 400,
        body: { status: 'VALIDATION_ERROR', message, error: { code: 'VALIDATION_ERROR', message } },
      })
    }
  })

  it('answers 401 and 429 on any Connect-like response (status/json only, or a bare http.ServerResponse)', async () => {
    const { res, calls } = double()
    await auth({ headers: { authorization: 'Bearer not-a-jwt' } }, res, () => undefined)
    expect(calls).toMatchObject({ status: 401, body: { status: 'TOKEN_ERROR', message: 'Invalid token' } })
    const limited = rateLimit(1, 60_000)
    const ip = `10.9.${Math.floor(Math.random() * 250)}.1`
    await limited({ headers: {}, ip }, double().res, () => undefined)
    const second = double()
    await limited({ headers: {}, ip }, second.res, () => undefined)
    expect(second.calls).toMatchObject({ status: 429, body: { status: 'TOO_MANY_REQUESTS' } })

    const { createServer } = await import('node:http')
    const bare = createServer((req, res) => void auth(req as never, res, () => res.end('passed')))
    servers.push(bare)
    await new Promise<void>((r) => bare.listen(0, r))
    const r = await get(`http://127.0.0.1:${(bare.address() as AddressInfo).port}/`, 'not-a-jwt')
    expect(r.status).toBe(401)
    expect(r.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"')
    expect(await r.json()).toMatchObject({ status: 'TOKEN_ERROR', message: 'Invalid token' })
  })
})

describe('configuration from the environment', () => {
  it('logout ends the session even with an expired access token', async () => {
    await closeRedisConnection()
    env({ JWT_ACCESS_TOKEN_EXPIRY: '1' }) // seconds, as jsonwebtoken reads numbers
    const t = await generateToken({ userId: 'exp' })
    expect(t.expiresIn).toBe('1')
    await new Promise((r) => setTimeout(r, 7000)) // 1 s lifetime + 5 s clock tolerance
    await expect(verifyToken(t.accessToken)).rejects.toMatchObject({ reason: 'TOKEN_EXPIRED' })
    expect((await revokeToken(t.accessToken)).message).toBe('Token revoked successfully')
    await expect(refreshToken(t.refreshToken)).rejects.toBeInstanceOf(TokenError)
    await closeRedisConnection()
    env()
  }, 20_000)

  it('refuses a JWT_SECRET shorter than 32 characters', async () => {
    await closeRedisConnection()
    env({ JWT_SECRET: 'short' })
    await expect(generateToken({ userId: 'x' })).rejects.toMatchObject({
      name: 'ValidationError',
      statusCode: 500,
      message: 'JWT_SECRET must be at least 32 characters long',
    })
    env()
  })
})

describe('Redis outage', () => {
  let server: RedisServer
  beforeAll(async () => {
    server = await RedisServer.start()
  })
  afterAll(async () => {
    await closeRedisConnection()
    await server.dispose()
  })

  it('answers RedisError 503 while Redis is stalled or down, and works again afterwards', async () => {
    await closeRedisConnection()
    env({ REDIS_URL: server.url })
    const t = await generateToken({ userId: 'outage' })

    server.pause()
    const stalled = await verifyToken(t.accessToken).catch((e: unknown) => e)
    expect(stalled).toBeInstanceOf(RedisError)
    expect((stalled as RedisError).statusCode).toBe(503)
    server.resume()
    await expect(verifyToken(t.accessToken)).resolves.toMatchObject({ valid: true })

    await server.stop()
    await expect(generateToken({ userId: 'outage' })).rejects.toBeInstanceOf(RedisError)
    // Longer than the seed's 10 reconnection attempts (about 5.5 s), after which it never recovered.
    await new Promise((r) => setTimeout(r, 6000))
    await server.start()
    let ok = false
    for (let i = 0; i < 40 && !ok; i++) {
      ok = await generateToken({ userId: 'outage' }).then(
        () => true,
        () => false,
      )
      if (!ok) await new Promise((r) => setTimeout(r, 100))
    }
    expect(ok).toBe(true)
  }, 30_000)
})
