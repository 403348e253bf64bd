/**
 * Seed 001 (`redis-jwt`): its README's usage, create/verify/exec/call examples, through the compat
 * class against real Redis over real HTTP; plus the holes it had, now closed. KEA runs against a
 * redis-server of its own, since it changes server configuration.
 */
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import express from 'express'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import RedisJWT from '../../src/compat/redis-jwt/index.js'
import { cleanupPrefix, keysUnder, rawClient, redisUrl, uniquePrefix } from '../helpers/redis.js'
import { RedisServer } from '../helpers/redis-server.js'

const SECRET = 'secret_key-that-is-now-at-least-32-bytes-long'
const { hostname, port, pathname } = new URL(redisUrl())
// The database of REDIS_URL (redis://host:port/9): the fixture must write where the assertions read.
const db = Number(pathname.slice(1) || 0)
const prefixes: string[] = []
const instances: RedisJWT[] = []
const servers: Server[] = []

function make(options: Record<string, unknown> = {}): RedisJWT {
  const keyPrefix = uniquePrefix('compat-rjwt')
  prefixes.push(keyPrefix)
  const r = new RedisJWT({ host: hostname, port: Number(port), db, secret: SECRET, keyPrefix, ...options })
  instances.push(r)
  return r
}
const payload = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, number>
const fakeReq = { headers: { 'user-agent': 'vitest' }, socket: { remoteAddress: '127.0.0.1' } }

afterAll(async () => {
  for (const s of servers) s.close()
  for (const r of instances) await r.close()
  for (const p of prefixes) await cleanupPrefix(p)
})

describe('README usage, unchanged except the import and a 32-byte secret', () => {
  let base: string
  let r: RedisJWT
  beforeAll(async () => {
    const keyPrefix = uniquePrefix('compat-rjwt-readme')
    prefixes.push(keyPrefix)
    r = new RedisJWT({
      //host: '/tmp/redis.sock', //unix domain
      host: hostname, //can be IP or hostname
      port: Number(port), // port
      maxretries: 10, //reconnect retries, default 10
      //auth: '123', //optional password, if needed
      db, //optional db selection
      secret: SECRET, // secret key for Tokens!
      multiple: false, // single or multiple sessions by user
      keyPrefix,
    })
    instances.push(r)

    const app = express()

    app.get('/login', (req, res) => {
      // Create a new token with redis-jwt
      r.create(req, 'id_user').then((token) => {
        // return token to client (save token in cookie,localstorage,etc)
        res.json({ token })
      })
    })

    // Get me
    app.get('/me', mw(), (req, res) => {
      // returns the current user associated with the token
      res.json((req as unknown as { user: unknown }).user)
    })

    // Middleware
    function mw() {
      return (req: express.Request, res: express.Response, next: express.NextFunction) => {
        // Extract token from header "authorization" (sent from the client)
        const token = req.headers['authorization'] as string
        // Verify token with redis-jwt
        r.verify(token)
          .then((session) => {
            // if all ok save session
            ;(req as unknown as { user: unknown }).user = { name: 'led', lastname: 'zeppelin', session }
            next()
          })
          .catch((err) => {
            res.status(401).json({ err })
          })
      }
    }

    const server = app.listen(0)
    servers.push(server)
    await new Promise<void>((res) => server.once('listening', () => res()))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })

  it('logs in and reads /me; a bad token is 401', async () => {
    const { token } = (await (await fetch(`${base}/login`)).json()) as { token: string }
    const me = await fetch(`${base}/me`, { headers: { authorization: token } })
    expect(me.status).toBe(200)
    const body = (await me.json()) as { name: string; session: Record<string, unknown> }
    expect(body.name).toBe('led')
    expect(body.session).toMatchObject({ _id: 'id_user' })
    expect(body.session['_ttl']).toBeGreaterThan(86000)
    const bad = await fetch(`${base}/me`, { headers: { authorization: `${token}x` } })
    expect(bad.status).toBe(401)
    expect(await bad.json()).toEqual({ err: { error: { code: 'TOKEN_INVALID', message: expect.any(String) } } })
  })

  it('multiple: false keeps one session per user', async () => {
    const first = await r.create(fakeReq, 'solo')
    const second = await r.create(fakeReq, 'solo')
    await expect(r.verify(first)).rejects.toMatchObject({ code: 'SESSION_REVOKED' })
    await expect(r.verify(second)).resolves.toMatchObject({ _id: 'solo' })
  })
})

describe('Options: create and verify', () => {
  it('create(req, id), with data, with TTL, with data + TTL', async () => {
    const r = make({ multiple: true })
    const simple = await r.create(fakeReq, 'id_user')
    const withData = await r.create(fakeReq, 'id_user', { hello: 'world' })
    const withTtl = await r.create(fakeReq, 'id_user', 5000)
    const both = await r.create(fakeReq, 'id_user', { hello: 'world' }, 5000)
    // Tokens expire: a day by default, else the TTL (seconds).
    expect(payload(simple)['exp']! - payload(simple)['iat']!).toBe(86400)
    expect(payload(withTtl)['exp']! - payload(withTtl)['iat']!).toBe(5000)
    expect((await r.verify(withData, true)).dataSession).toEqual({ hello: 'world' })
    const v = await r.verify(both, true)
    expect(v).toMatchObject({ _id: 'id_user', dataSession: { hello: 'world' } })
    expect(v._ttl).toBeGreaterThan(4990)
    expect(v._ttl).toBeLessThanOrEqual(5000)
    expect(v._verify).toMatch(/^[A-Za-z0-9]{11}$/)
    await r.verify(simple)
  })

  it('a session created with a TTL ends with it', async () => {
    const r = make()
    const token = await r.create(fakeReq, 'short', 1)
    await r.verify(token)
    await new Promise((res) => setTimeout(res, 1500))
    await expect(r.verify(token)).rejects.toMatchObject({ code: 'SESSION_REVOKED' })
  })

  it('has no default secret', () => {
    expect(() => new RedisJWT({} as never)).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }))
    expect(() => new RedisJWT({ secret: 'secret_key' })).toThrow(/at least 32 bytes/)
  })
})

describe('redis-jwt 1.4.0: sign(id, { ttl, dataToken, dataSession }) and its verify result', () => {
  it("runs 1.4.0's own example (sign, verify with the session value, exec, call)", async () => {
    const r = make()
    const sign = await r.sign('507f191e810c19729de860ea', {
      ttl: '15 minutes',
      dataToken: { hello: 'world' },
      dataSession: { hello: 'world', headers: fakeReq.headers },
    })
    expect(payload(sign)['exp']! - payload(sign)['iat']!).toBe(900)
    const decode = await r.verify(sign, true)
    expect(decode).toMatchObject({
      id: '507f191e810c19729de860ea',
      dataToken: { hello: 'world' },
      dataSession: { hello: 'world', headers: { 'user-agent': 'vitest' } },
    })
    expect(decode.ttl).toBeGreaterThan(890)
    expect(decode.ttl).toBeLessThanOrEqual(900)
    expect(typeof decode.iat).toBe('number')
    // rjwt names the session for the call() helpers, as 1.4's Redis key did; the README fields stay.
    expect(decode.rjwt).toBe(decode._key)
    expect(decode._id).toBe(decode.id)
    expect(decode._ttl).toBe(decode.ttl)
    expect(await r.call().exists(decode.rjwt)).toBe(1)
    expect(await r.call().getValuesByPattern('507f191e810c19729de860ea')).toHaveLength(1)
    expect(await r.exec().rawCall(['PING'])).toBe('PONG')
    // Without valueSession the server-side data stays server-side.
    expect(await r.verify(sign)).not.toHaveProperty('dataSession')
  })

  it('sign without options uses defaultTtl; numbers are seconds; unknown options are refused', async () => {
    const r = make({ multiple: true })
    const plain = await r.sign('u-1')
    expect(payload(plain)['exp']! - payload(plain)['iat']!).toBe(86400)
    expect(await r.verify(plain)).not.toHaveProperty('dataToken')
    const short = await r.sign('u-1', { ttl: 60 })
    expect(payload(short)['exp']! - payload(short)['iat']!).toBe(60)
    await expect(r.sign('u-1', { tll: '1h' } as never)).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      message: expect.stringContaining('did you mean "ttl"'),
    })
  })

  it('call().create(key, value, ttl) writes a key the other helpers read, with every TTL form ms accepted', async () => {
    const r = make({ multiple: true })
    const call = r.call()
    const forms: Array<[string | number, number]> = [
      ['1h', 3600],
      ['1.5h', 5400],
      ['2 days', 172800],
      ['15 minutes', 900],
      ['1y', 31557600],
      ['90s', 90],
      [120, 120],
      ['300', 300],
    ]
    for (const [i, [ttl, seconds]] of forms.entries()) {
      const key = `user-${i}:k${i}`
      expect(await call.create(key, `{"n":${i}}`, ttl)).toBe(true)
      expect(await call.exists(key)).toBe(1)
      const left = await call.ttl(key)
      expect(left).toBeGreaterThan(seconds - 5)
      expect(left).toBeLessThanOrEqual(seconds)
      expect(await call.getValueByKey(key)).toBe(`{"n":${i}}`)
    }
    expect(await call.getValuesByPattern('user-0')).toEqual(['{"n":0}'])
    expect(await call.destroy('user-0:k0')).toBe(1)
    expect(await call.exists('user-0:k0')).toBeNull()
    await expect(call.create('user-9:x', 'v', 'soon')).rejects.toMatchObject({ code: 'CONFIG_INVALID' })
    await expect(call.create('user-9:x', 'v', -5)).rejects.toMatchObject({ code: 'CONFIG_INVALID' })
  })

  it('refuses unknown constructor options, naming the closest one', () => {
    expect(() => new RedisJWT({ secret: SECRET, mutliple: true } as never)).toThrow(
      /unknown option "mutliple" \(did you mean "multiple"\?\)/,
    )
    expect(() => new RedisJWT({ secret: SECRET, keyprefix: 'x:' } as never)).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID', message: expect.stringContaining('"keyPrefix"') }),
    )
  })
})

describe('Exec and Call', () => {
  it('rawCall runs native commands, with a callback or a promise', async () => {
    const r = make()
    const viaCb = await new Promise((resolve, reject) =>
      r.exec().rawCall(['ping'], (err, result) => (err ? reject(err) : resolve(result))),
    )
    expect(viaCb).toBe('PONG')
    expect(await r.exec().rawCall(['ECHO', 'hi'])).toBe('hi')
  })

  it('the helpers work on session ids and user ids', async () => {
    const r = make({ multiple: true })
    const call = r.call()
    expect(await call.ping()).toBe('PONG')
    const token = await r.create(fakeReq, '507f191e810c19729de860ea', { hello: 'world' })
    await r.create(fakeReq, '507f191e810c19729de860ea')
    const { _key } = await r.verify(token)
    expect(await call.exists(_key)).toBe(1)
    expect(await call.ttl(_key)).toBeGreaterThan(86000)
    expect(JSON.parse((await call.getValueByKey(_key))!)).toMatchObject({
      hello: 'world',
      _agent: 'vitest',
      _ip: '127.0.0.1',
    })
    const values = await call.getValuesByPattern('507f191e810c19729de860ea')
    expect(values).toHaveLength(2)
    expect(await call.getCountByPattern('507f191e810c19729de860ea')).toBe(2)
    expect(await call.getCountByPattern()).toBe(2) // every session under the prefix, by SCAN
    expect(String(await call.getInfo('server'))).toContain('redis_version')
    expect(typeof (await call.getInfo('DBSIZE'))).toBe('number')
    expect(await call.create('507f191e810c19729de860ea', '{"from":"call"}', 60)).toBe(true)
    expect(await call.getCountByPattern('507f191e810c19729de860ea')).toBe(3)
    expect(await call.destroy(_key)).toBe(1)
    expect(await call.destroy(_key)).toBeNull()
    expect(await call.exists(_key)).toBeNull()
    expect(await call.getValueByKey(_key)).toBeNull()
    expect(await call.destroyMultiple('507f191e810c19729de860ea')).toBe(2)
    expect(await call.getValuesByPattern('507f191e810c19729de860ea')).toBeNull()
  })

  it('user ids are escaped: * and dave:evil never reach other users, and keys stay in the prefix', async () => {
    const r = make({ multiple: true })
    const call = r.call()
    const dave = await r.create(fakeReq, 'dave')
    const evil = await r.create(fakeReq, 'dave:evil')
    await r.create(fakeReq, '*')
    expect(await call.getCountByPattern('dave')).toBe(1)
    expect(await call.getCountByPattern('*')).toBe(1)
    expect(await call.getCountByPattern('dave*')).toBe(0)
    expect(await call.destroyMultiple('dave*')).toBeNull()
    expect(await call.destroyMultiple('dave:evil')).toBe(1)
    await expect(r.verify(evil)).rejects.toMatchObject({ code: 'SESSION_REVOKED' })
    await expect(r.verify(dave)).resolves.toMatchObject({ _id: 'dave' })
    const c = await rawClient()
    try {
      const prefix = prefixes[prefixes.length - 1]!
      const mine = await keysUnder(c, prefix)
      expect(mine.length).toBe(2) // dave's and *'s; dave:evil's went with its last session
      const stray = (await keysUnder(c, '')).filter((k) => /dave/.test(k))
      expect(stray).toEqual([])
    } finally {
      await c.close()
    }
  })
})

describe('KEA: expiry events from keyspace notifications', () => {
  let server: RedisServer
  beforeAll(async () => {
    server = await RedisServer.start(['--notify-keyspace-events', 'Kl'])
  })
  afterAll(async () => {
    await server.dispose()
  })

  it('adds only the missing flags and delivers expired and del events', async () => {
    const r = new RedisJWT({ port: server.port, secret: SECRET, KEA: true })
    instances.push(r)
    const events: Array<[string, unknown]> = []
    r.on('expired', (e) => events.push(['expired', e]))
    r.on('del', (e) => events.push(['del', e]))
    await r.ready()
    const flags = String(((await r.exec().rawCall(['CONFIG', 'GET', 'notify-keyspace-events'])) as string[])[1])
    for (const f of ['K', 'l', 'E', 'g', 'x']) expect(flags).toContain(f)

    await r.create(fakeReq, 'kea-user', 1)
    const deadline = Date.now() + 10_000
    while (!events.some(([n]) => n === 'expired') && Date.now() < deadline)
      await new Promise((res) => setTimeout(res, 50))
    expect(events).toContainEqual([
      'expired',
      { userId: 'kea-user', key: 'redis-jwt:u:{' + Buffer.from('kea-user').toString('base64url') + '}' },
    ])

    const t = await r.create(fakeReq, 'kea-del')
    await r.call().destroy((await r.verify(t))._key)
    while (!events.some(([n]) => n === 'del') && Date.now() < deadline + 5000)
      await new Promise((res) => setTimeout(res, 50))
    expect(events.find(([n]) => n === 'del')?.[1]).toMatchObject({ userId: 'kea-del' })
  }, 30_000)
})
