/**
 * Seed 002 (`jwt-redis-session`): its README's examples, as close to verbatim as TypeScript allows,
 * through the compat factory against real Redis over real HTTP (Express 4, where `req.param` still
 * exists, and Express 5), plus the holes it had, now closed.
 */
import { createHmac } from 'node:crypto'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import express from 'express'
import { createVerifier } from 'fast-jwt'
import { Redis } from 'ioredis'
import * as redis from 'redis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import JWTRedisSession from '../../src/compat/jwt-redis-session/index.js'
import { cleanupPrefix, redisUrl, uniquePrefix } from '../helpers/redis.js'
import { RedisServer } from '../helpers/redis-server.js'

// express4 (npm:express@4) ships no types of its own; it has Express 5's surface for what we use.
const express4Specifier: string = 'express4'
const express4 = ((await import(express4Specifier)) as { default: typeof express }).default

type AnyReq = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any
type AnyRes = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

const keyspace = uniquePrefix('compat-jrs2')
const generateSecretKeySomehow = () => 'a-secret-of-at-least-thirty-two-bytes-for-hs256!'
const servers: Server[] = []
const clients: Array<{ destroy?: () => void; disconnect?: () => void }> = []
const log = (..._args: unknown[]) => undefined

// A stand-in for the README's user model.
const User = {
  login(username: string, _password: string, cb: (e: Error | null, u?: { toJSON(): unknown }) => void) {
    setImmediate(() => cb(null, { toJSON: () => ({ name: username, role: 'member' }) }))
  },
}

async function listen(app: { listen(port: number): Server }): Promise<string> {
  const server = app.listen(0)
  servers.push(server)
  await new Promise<void>((r) => server.once('listening', () => r()))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

afterAll(async () => {
  for (const s of servers) s.close()
  // destroy/disconnect, not quit: a client whose server is gone would wait for it forever.
  for (const c of clients) (c.destroy ?? c.disconnect)?.call(c)
  await cleanupPrefix(keyspace)
})

/** POSTs `body` to the README app's /login; resolves to the token it answers. */
async function logIn(base: string, body: Record<string, string>): Promise<string> {
  const login = await fetch(`${base}/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  return ((await login.json()) as { token: string }).token
}

/** The README's setup and handlers, mounted on one app. */
function readmeApp(
  expressLib: typeof express4 | typeof express,
  param: (req: AnyReq, name: string) => unknown,
  extra = {},
) {
  const redisClient = redis.createClient({ url: redisUrl() }) // README: redis.createClient()
  clients.push(redisClient as never)
  const secret = generateSecretKeySomehow()
  const app = (expressLib as typeof express)()
  app.use((expressLib as typeof express).json())

  app.use(
    JWTRedisSession({
      client: redisClient,
      secret: secret,
      keyspace: keyspace,
      maxAge: 86400,
      algorithm: 'HS256',
      requestKey: 'jwtSession',
      requestArg: 'jwtToken',
      ...extra,
    }) as never,
  )

  // Create JWT Session
  app.post('/login', function (req: AnyReq, res: AnyRes) {
    User.login(param(req, 'username') as string, param(req, 'password') as string, function (error, user) {
      // this will be stored in redis
      req.jwtSession.user = user!.toJSON()

      // this will be attached to the JWT
      var claims = {
        iss: 'my application name',
        aud: 'myapplication.com',
      }

      req.jwtSession.create(claims, function (error: Error | null, token: string) {
        res.json({ token: token })
      })
    })
  } as never)

  // Read JWT Data
  app.get('/read', function (req: AnyReq, res: AnyRes) {
    log('Request JWT session data: ', req.jwtSession.id, req.jwtSession.claims, req.jwtSession.jwt)

    res.json(req.jwtSession.toJSON())
  } as never)

  // Modify Session Data
  app.post('/modify', function (req: AnyReq, res: AnyRes) {
    if (req.jwtSession.id) {
      req.jwtSession.foo = 'bar'

      req.jwtSession.update(function (error: Error | null) {
        res.json(req.jwtSession.toJSON())
      })
    } else {
      res.redirect('/login')
    }
  } as never)

  // Reload Session Data (the README waits 5000 ms)
  app.get('/reload', function (req: AnyReq, res: AnyRes) {
    setTimeout(function () {
      req.jwtSession.reload(function (error: Error | null) {
        res.json(req.jwtSession.toJSON())
      })
    }, 50)
  } as never)

  // Refresh the TTL on a Session
  app.post('/touch', function (req: AnyReq, res: AnyRes) {
    req.jwtSession.touch(function (error: Error | null) {
      res.json(req.jwtSession.toJSON())
    })
  } as never)

  // Destroy a Session
  app.post('/destroy', function (req: AnyReq, res: AnyRes) {
    req.jwtSession.destroy(function (error: Error | null) {
      res.redirect('/login')
    })
  } as never)

  // Promise style, and the claims as loaded.
  app.get('/claims', (req: AnyReq, res: AnyRes) =>
    res.json({ id: req.jwtSession.id ?? null, claims: req.jwtSession.claims ?? null }),
  )
  app.post('/promise', async (req: AnyReq, res: AnyRes) => {
    req.jwtSession.cart = [1, 2]
    const token = await req.jwtSession.create({ jti: 'attacker-chosen', scope: 'cart' })
    res.json({ token })
  })
  return app
}

for (const [name, lib, param] of [
  ['Express 4 (req.param)', express4, (req: AnyReq, n: string) => req.param(n)],
  ['Express 5', express, (req: AnyReq, n: string) => req.body?.[n]],
] as const) {
  describe(`README examples on ${name}`, () => {
    let base: string
    beforeAll(async () => {
      base = await listen(readmeApp(lib as never, param as never) as never)
    })
    const call = (path: string, token?: string, method = 'GET') =>
      fetch(`${base}${path}`, { method, redirect: 'manual', headers: token ? { 'x-jwt-token': token } : {} })

    it('creates, reads, modifies, reloads, touches and destroys a session', async () => {
      const token = await logIn(base, { username: 'ada', password: 'pw' })
      expect(token.split('.')).toHaveLength(3)

      const read = (await (await call('/read', token)).json()) as Record<string, unknown>
      expect(read['user']).toEqual({ name: 'ada', role: 'member' })
      expect(read['jwt']).toBe(token)
      expect(read['claims']).toMatchObject({ iss: 'my application name', aud: 'myapplication.com' })

      const claims = (await (await call('/claims', token)).json()) as { id: string; claims: Record<string, unknown> }
      expect(typeof claims.id).toBe('string')

      const modified = (await (await call('/modify', token, 'POST')).json()) as Record<string, unknown>
      expect(modified['foo']).toBe('bar')
      const reloaded = (await (await call('/reload', token)).json()) as Record<string, unknown>
      expect(reloaded).toMatchObject({ foo: 'bar', user: { name: 'ada', role: 'member' } })
      expect((await call('/touch', token, 'POST')).status).toBe(200)

      const destroyed = await call('/destroy', token, 'POST')
      expect(destroyed.status).toBe(302)
      expect(destroyed.headers.get('location')).toBe('/login')
      // "This module will not recognize the JWT when this is the case."
      expect(await (await call('/claims', token)).json()).toEqual({ id: null, claims: null })
      const again = await call('/modify', token, 'POST')
      expect(again.status).toBe(302)
    })

    it('reads the token from the body field too', async () => {
      const token = await logIn(base, { username: 'bo' })
      const r = await fetch(`${base}/modify`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jwtToken: token }),
      })
      expect(r.status).toBe(200)
    })
  })
}

describe('deliberate changes and closed holes', () => {
  let base: string
  let queryBase: string
  beforeAll(async () => {
    base = await listen(readmeApp(express, (req, n) => req.body?.[n]) as never)
    queryBase = await listen(readmeApp(express, (req, n) => req.body?.[n], { allowQueryToken: true }) as never)
  })

  it('works with promises, and claims never override jti', async () => {
    const { token } = (await (await fetch(`${base}/promise`, { method: 'POST' })).json()) as { token: string }
    const payload = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>
    expect(payload['jti']).not.toBe('attacker-chosen')
    expect(payload['scope']).toBe('cart')
    const r = (await (await fetch(`${base}/read`, { headers: { 'x-jwt-token': token } })).json()) as Record<
      string,
      unknown
    >
    expect(r['cart']).toEqual([1, 2])
    expect((r['claims'] as Record<string, unknown>)['jti']).toBe(payload['jti'])
  })

  it('puts the claims given to create({ iss, aud }) into the JWT, so a downstream aud check keeps working', async () => {
    const token = await logIn(base, { username: 'ada', password: 'pw' })
    const payload = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>
    expect(payload).toMatchObject({ iss: 'my application name', aud: 'myapplication.com' })
    // What an app checking aud with its own JWT library does.
    const downstream = createVerifier({
      key: generateSecretKeySomehow(),
      algorithms: ['HS256'],
      allowedAud: 'myapplication.com',
      allowedIss: 'my application name',
    })
    expect(downstream(token)).toMatchObject({ aud: 'myapplication.com' })
    const otherApp = createVerifier({
      key: generateSecretKeySomehow(),
      algorithms: ['HS256'],
      allowedAud: 'other.example',
    })
    expect(() => otherApp(token)).toThrow()
    // The middleware still accepts it.
    const read = (await (await fetch(`${base}/read`, { headers: { 'x-jwt-token': token } })).json()) as Record<
      string,
      unknown
    >
    expect(read['claims']).toMatchObject({ iss: 'my application name', aud: 'myapplication.com' })
  })

  it('with the issuer/audience options, those own iss/aud and are verified; unknown options are refused', async () => {
    const owned = await listen(
      readmeApp(express, (req, n) => req.body?.[n], { issuer: 'svc', audience: 'svc-users' }) as never,
    )
    const { token } = (await (
      await fetch(`${owned}/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'ada', password: 'pw' }),
      })
    ).json()) as { token: string }
    const payload = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>
    expect(payload).toMatchObject({ iss: 'svc', aud: 'svc-users' })
    const client = redis.createClient({ url: redisUrl() })
    expect(() => JWTRedisSession({ client, secret: generateSecretKeySomehow(), requestkey: 'x' } as never)).toThrow(
      /unknown option "requestkey" \(did you mean "requestKey"\?\)/,
    )
  })

  it('reads the query string only when allowQueryToken is set', async () => {
    const { token } = (await (await fetch(`${base}/promise`, { method: 'POST' })).json()) as { token: string }
    const off = (await (await fetch(`${base}/claims?jwtToken=${token}`)).json()) as { id: unknown }
    expect(off.id).toBeNull()
    const on = (await (await fetch(`${queryBase}/claims?jwtToken=${token}`)).json()) as { id: unknown }
    expect(typeof on.id).toBe('string')
  })

  it('accepts only the configured algorithm', async () => {
    const { token } = (await (await fetch(`${base}/promise`, { method: 'POST' })).json()) as { token: string }
    const [h, p] = token.split('.') as [string, string]
    const header = JSON.parse(Buffer.from(h, 'base64url').toString()) as Record<string, unknown>
    const forge = (alg: string, sign: (input: string) => string) => {
      const hh = Buffer.from(JSON.stringify({ ...header, alg })).toString('base64url')
      return `${hh}.${p}.${sign(`${hh}.${p}`)}`
    }
    const hs512 = forge('HS512', (i) => createHmac('sha512', generateSecretKeySomehow()).update(i).digest('base64url'))
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${p}.`
    for (const t of [hs512, none]) {
      const r = (await (await fetch(`${base}/claims`, { headers: { 'x-jwt-token': t } })).json()) as { id: unknown }
      expect(r.id).toBeNull()
    }
    const ok = (await (await fetch(`${base}/claims`, { headers: { 'x-jwt-token': token } })).json()) as { id: unknown }
    expect(typeof ok.id).toBe('string')
  })

  it('refuses to start without a secret, and methods without a session fail as in the seed', async () => {
    const client = redis.createClient({ url: redisUrl() })
    expect(() => JWTRedisSession({ client } as never)).toThrow(/secret/)
    expect(() => JWTRedisSession({ client, secret: 'short' })).toThrow(/at least 32 bytes/)
    const mw = JWTRedisSession({ client, secret: generateSecretKeySomehow(), keyspace })
    const req: AnyReq = { headers: {} }
    mw(req as never, {} as never, () => undefined)
    await expect(req['session'].update()).rejects.toThrow('Invalid session ID')
    await new Promise<void>((resolve) =>
      req['session'].destroy((e: Error | null) => {
        expect(e?.message).toBe('Invalid session ID')
        resolve()
      }),
    )
  })

  it('update, reload and touch after destroy report SESSION_REVOKED instead of resurrecting the session', async () => {
    const client = new Redis(redisUrl())
    clients.push(client)
    const mw = JWTRedisSession({ client, secret: generateSecretKeySomehow(), keyspace })
    const req: AnyReq = { headers: {} }
    mw(req as never, {} as never, () => undefined)
    await req['session'].create()
    await req['session'].destroy()
    await expect(req['session'].update()).rejects.toMatchObject({ code: 'SESSION_REVOKED' })
    await expect(req['session'].reload()).rejects.toMatchObject({ code: 'SESSION_REVOKED' })
    await expect(req['session'].touch()).rejects.toMatchObject({ code: 'SESSION_REVOKED' })
  })

  it('works with an ioredis client', async () => {
    const client = new Redis(redisUrl())
    clients.push(client)
    const mw = JWTRedisSession({ client, secret: generateSecretKeySomehow(), keyspace, requestKey: 'jwtSession' })
    const req: AnyReq = { headers: {} }
    mw(req as never, {} as never, () => undefined)
    req['jwtSession'].n = 1
    const token = await req['jwtSession'].create()
    const next: AnyReq = { headers: { 'x-access-token': token } }
    await new Promise<void>((r) => mw(next as never, {} as never, () => r()))
    expect(next['jwtSession'].toJSON()).toMatchObject({ n: 1, jwt: token })
  })
})

describe('Redis outage', () => {
  let server: RedisServer
  beforeAll(async () => {
    server = await RedisServer.start()
  })
  afterAll(async () => {
    server.resume()
    await server.dispose()
  })

  it('answers 503 instead of hanging, and recovers', async () => {
    const client = redis.createClient({ url: server.url })
    client.on('error', () => undefined)
    clients.push(client as never)
    const app = express()
    app.use(JWTRedisSession({ client, secret: generateSecretKeySomehow(), keyspace }) as never)
    app.post('/login', async (req: AnyReq, res) => res.json({ token: await req['session'].create() }))
    app.get('/me', (req: AnyReq, res) => res.json({ id: req['session'].id ?? null }))
    const base = await listen(app)
    const { token } = (await (await fetch(`${base}/login`, { method: 'POST' })).json()) as { token: string }

    server.pause()
    const started = Date.now()
    const r = await fetch(`${base}/me`, { headers: { 'x-access-token': token } })
    expect(r.status).toBe(503)
    expect(r.headers.get('retry-after')).toBe('1')
    expect(((await r.json()) as { error: { code: string } }).error.code).toBe('STORE_UNAVAILABLE')
    expect(Date.now() - started).toBeLessThan(10_000)
    server.resume()
    const back = (await (await fetch(`${base}/me`, { headers: { 'x-access-token': token } })).json()) as { id: unknown }
    expect(typeof back.id).toBe('string')
  }, 30_000)
})
