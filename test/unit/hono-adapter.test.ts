// What only the Hono adapter has, through `app.request()` (no server, a memory store): the typed
// context variables, Hono's body cache, mount points with parameters, its HTTPException and runtimes
// without a socket. The wire behaviour shared with every adapter runs in test/conformance/http.
import { Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { describe, expect, expectTypeOf, it } from 'vitest'
import { type HonoSessionEnv, honoSessions } from '../../src/adapters/hono/index.js'
import type { AuthUser, RequestSession } from '../../src/http/request-session.js'
import { ConfigError, createSessions, memoryStore } from '../../src/index.js'

type Data = { theme: string }
const sessions = createSessions<Data>({ store: memoryStore(), secret: 'h'.repeat(40) })
const hjwt = honoSessions(sessions, { clientIp: () => '203.0.113.7' })
const bearer = (token: string) => ({ authorization: `Bearer ${token}` })
const json = { 'content-type': 'application/json' }

describe('honoSessions', () => {
  it('types c.get("user") and c.get("session") after auth, and on a Hono<HonoSessionEnv>', () => {
    const app = new Hono()
    app.get('/me', hjwt.auth, (c) => {
      expectTypeOf(c.get('user')).not.toBeAny()
      expectTypeOf(c.get('user')).toEqualTypeOf<AuthUser>()
      expectTypeOf(c.get('session')).toEqualTypeOf<RequestSession<Data>>()
      expectTypeOf(c.get('session').data).toEqualTypeOf<Data>()
      return c.json({ id: c.get('user').id })
    })
    app.get('/feed', hjwt.optionalAuth, (c) => {
      expectTypeOf(c.get('user')).toEqualTypeOf<AuthUser | undefined>()
      return c.json({})
    })
    const typed = new Hono<HonoSessionEnv<Data>>()
    typed.use(hjwt.auth)
    typed.get('/me', (c) => {
      expectTypeOf(c.get('user')).toEqualTypeOf<AuthUser>()
      return c.json({ theme: c.get('session').data.theme })
    })
    // @ts-expect-error unknown options are refused
    expect(() => honoSessions(sessions, { clientIP: () => 'x' })).toThrow(ConfigError)
    expect(() => honoSessions(sessions, { clientIp: 'x' as never })).toThrow(/"clientIp" option must be a function/)
  })

  it('sets the variables, and answers 401 in the envelope without a token', async () => {
    const app = new Hono().get('/me', hjwt.auth, (c) => c.json({ user: c.get('user'), sid: c.get('session').id }))
    const t = await sessions.create('ana', { claims: { role: 'x' } })
    const r = await app.request('/me', { headers: bearer(t.accessToken) })
    expect(await r.json()).toEqual({ user: { id: 'ana', role: 'x' }, sid: t.sessionId })
    const denied = await app.request('/me')
    expect([denied.status, denied.headers.get('www-authenticate'), await denied.json()]).toEqual([
      401,
      'Bearer',
      { error: { code: 'TOKEN_MISSING', message: expect.any(String) } },
    ])
  })

  it("shares Hono's body cache both ways", async () => {
    const app = new Hono()
    // The app reads the body first: the handler still sees { exceptCurrent: true }.
    app.post('/logout-all', hjwt.auth, async (c) => {
      expect(await c.req.json()).toEqual({ exceptCurrent: true })
      return hjwt.logoutAll(c)
    })
    // The adapter reads it first (tokenFrom: body): c.req.json() still works afterwards.
    const byBody = honoSessions(sessions, { tokenFrom: ['body'] })
    app.post('/echo', byBody.auth, async (c) => c.json({ body: await c.req.json(), text: await c.req.text() }))
    const t = await sessions.create('ben')
    const other = await sessions.create('ben')
    const r = await app.request('/logout-all', {
      method: 'POST',
      headers: { ...bearer(t.accessToken), ...json },
      body: '{"exceptCurrent":true}',
    })
    expect(r.status).toBe(200)
    expect([await sessions.get(t.sessionId), await sessions.get(other.sessionId)]).toEqual([
      expect.objectContaining({ userId: 'ben' }),
      null,
    ])
    const body = { accessToken: t.accessToken, note: 'hi' }
    const echoed = await app.request('/echo', { method: 'POST', headers: json, body: JSON.stringify(body) })
    expect(await echoed.json()).toEqual({ body, text: JSON.stringify(body) })
  })

  it('a POST without Content-Length or Transfer-Encoding: an empty stream is no body, bytes are one', async () => {
    const app = new Hono().post('/refresh', hjwt.refresh)
    // What @hono/node-server hands over for `curl -X POST` (no body, neither header): an empty stream.
    const post = (chunks: string[], headers: Record<string, string> = json) =>
      app.request(
        new Request('http://localhost/refresh', {
          method: 'POST',
          headers,
          body: new ReadableStream<Uint8Array>({
            start(controller) {
              for (const chunk of chunks) controller.enqueue(new TextEncoder().encode(chunk))
              controller.close()
            },
          }),
          duplex: 'half',
        } as RequestInit),
      )
    const code = async (r: Response) => ((await r.json()) as { error: { code: string } }).error.code
    expect(await code(await post([], {}))).toBe('TOKEN_MISSING')
    expect(await code(await post(['x'], {}))).toBe('UNSUPPORTED_MEDIA_TYPE')
    expect(await code(await post(['', '{"refreshToken":', '"rt1.garbage"}']))).toBe('TOKEN_INVALID')
    expect(await code(await post(['{nope']))).toBe('BAD_REQUEST')
  })

  it('routes() serves below any mount point, parameters included, and falls through to the 404', async () => {
    const app = new Hono()
    app.route('/api/token', hjwt.routes())
    app.route('/t/:tenant/token', hjwt.routes())
    app.notFound((c) => c.json({ error: { code: 'NOT_FOUND', message: 'Not found' } }, 404))
    for (const path of ['/api/token/health', '/api/token/health/', '/t/acme/token/health']) {
      const r = await app.request(path)
      expect([path, r.status, ((await r.json()) as { success: boolean }).success]).toEqual([path, 200, true])
    }
    const head = await app.request('/api/token/health', { method: 'HEAD' })
    expect([head.status, await head.text()]).toEqual([200, ''])
    expect((await app.request('/api/token/nope')).status).toBe(404)
    expect((await app.request('/t/acme/token/nope')).status).toBe(404)
  })

  it('errorHandler: library errors and body HTTPExceptions in the envelope, other HTTPExceptions as they are', async () => {
    const app = new Hono()
    app.onError(hjwt.errorHandler)
    app.get('/down', () => {
      throw Object.assign(new Error('down'), { code: 'STORE_UNAVAILABLE', status: 503, retryAfterMs: 2000 })
    })
    app.get('/big', () => {
      throw new HTTPException(413)
    })
    app.get('/teapot', () => {
      throw new HTTPException(418, { message: 'short and stout' })
    })
    const down = await app.request('/down')
    expect([down.status, down.headers.get('retry-after'), await down.json()]).toEqual([
      503,
      '2',
      { error: { code: 'STORE_UNAVAILABLE', message: 'down' } },
    ])
    const big = await app.request('/big')
    expect([big.status, ((await big.json()) as { error: { code: string } }).error.code]).toEqual([
      413,
      'PAYLOAD_TOO_LARGE',
    ])
    const teapot = await app.request('/teapot')
    expect([teapot.status, await teapot.text()]).toEqual([418, 'short and stout'])
  })

  it('off @hono/node-server without clientIp, what counts per client refuses to guess', async () => {
    const bare = honoSessions(sessions)
    const app = new Hono()
    app.onError(bare.errorHandler)
    const guard = bare.loginGuard()
    app.post(
      '/login',
      guard.middleware(() => 'ann'),
      (c) => c.json({ ok: true }),
    )
    app.post('/limited', bare.rateLimit(5, '1m'), (c) => c.json({ ok: true }))
    app.post('/keyed', bare.rateLimit({ limit: 5, window: '1m', key: 'route' }), (c) => c.json({ ok: true }))
    const errors: unknown[] = []
    const log = console.error
    console.error = (err: unknown) => errors.push(err)
    try {
      expect((await app.request('/login', { method: 'POST' })).status).toBe(500)
      expect((await app.request('/limited', { method: 'POST' })).status).toBe(500)
    } finally {
      console.error = log
    }
    expect(errors).toEqual([expect.any(ConfigError), expect.any(ConfigError)])
    expect(String((errors[0] as Error).message)).toMatch(/"clientIp" option/)
    // A limiter that does not count per client needs no address.
    expect((await app.request('/keyed', { method: 'POST' })).status).toBe(200)
  })
})
