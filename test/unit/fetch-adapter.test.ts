// What only the Fetch layer has, called directly with Node's own Request objects (the wire behaviour
// shared with every adapter runs in test/conformance/http).
import { describe, expect, it } from 'vitest'
import { fetchSessions } from '../../src/adapters/fetch/index.js'
import { ConfigError, createSessions, memoryStore } from '../../src/index.js'

const sessions = createSessions({ store: memoryStore(), secret: 'f'.repeat(40) })
const jwt = fetchSessions(sessions, { basePath: '/api/token/', clientIp: () => '203.0.113.5' })
const url = (path: string) => `https://app.example${path}`
const bearer = (token: string) => ({ authorization: `Bearer ${token}` })

describe('fetchSessions', () => {
  it('routes() answers 404 NOT_FOUND in the envelope for other paths; handle() gives null', async () => {
    const routes = jwt.routes()
    const r = await routes(new Request(url('/api/token/nope')))
    expect([r.status, await r.json()]).toEqual([
      404,
      { success: false, message: 'No such endpoint', error: { code: 'NOT_FOUND', message: 'No such endpoint' } },
    ])
    expect(await jwt.handle(new Request(url('/api/tokenx/health')))).toBeNull()
    expect(await jwt.handle(new Request(url('/elsewhere')))).toBeNull()
    const health = await jwt.handle(new Request(url('/api/token/health')))
    expect([health?.status, health?.headers.get('content-type')]).toEqual([200, 'application/json; charset=utf-8'])
    const head = await jwt.handle(new Request(url('/api/token/health'), { method: 'HEAD' }))
    expect([head?.status, await head?.text()]).toEqual([200, ''])
  })

  it('auth() keeps the extra arguments of the runtime (Next.js context, Deno info)', async () => {
    const t = await sessions.create('uma', { claims: { role: 'x' } })
    const handler = jwt.auth(async (_request, { user, session }, ctx: { params: Promise<{ id: string }> }) =>
      Response.json({ user, sid: session.id, id: (await ctx.params).id }),
    )
    const r = await handler(new Request(url('/items/7'), { headers: bearer(t.accessToken) }), {
      params: Promise.resolve({ id: '7' }),
    })
    expect(await r.json()).toEqual({ user: { id: 'uma', role: 'x' }, sid: t.sessionId, id: '7' })
    const denied = await handler(new Request(url('/items/7')), { params: Promise.resolve({ id: '7' }) })
    expect([denied.status, denied.headers.get('www-authenticate')]).toEqual([401, 'Bearer'])
  })

  it('logout after authenticate ends exactly the session it found; signIn records the client address', async () => {
    const r = await jwt.signIn(new Request(url('/login'), { method: 'POST', headers: { 'user-agent': 'ua/1' } }), 'vic')
    const set = (await r.json()) as { accessToken: string; sessionId: string }
    expect((await sessions.get(set.sessionId))?.meta).toEqual({ ip: '203.0.113.5', userAgent: 'ua/1' })
    const request = new Request(url('/logout'), { method: 'POST', headers: bearer(set.accessToken) })
    expect('user' in (await jwt.authenticate(request))).toBe(true)
    expect((await jwt.logout(request)).status).toBe(200)
    expect(await sessions.get(set.sessionId)).toBeNull()
  })

  it('a body the application already read counts as none', async () => {
    const t = await sessions.create('wes')
    await sessions.create('wes')
    const request = new Request(url('/logout-all'), {
      method: 'POST',
      headers: { ...bearer(t.accessToken), 'content-type': 'application/json' },
      body: '{"exceptCurrent":true}',
    })
    expect(await request.json()).toEqual({ exceptCurrent: true })
    const r = await jwt.logoutAll(request)
    expect(await r.json()).toMatchObject({ data: { revoked: 2 } })
  })

  it('rateLimit adds its headers to any Response, also an immutable one, and answers 429 itself', async () => {
    const limited = jwt.rateLimit({ limit: 1, name: 'fetch-unit' })(() => Response.redirect(url('/next'), 303))
    const first = await limited(new Request(url('/go'), { method: 'POST' }))
    expect([first.status, first.headers.get('location'), first.headers.get('ratelimit')]).toEqual([
      303,
      url('/next'),
      '"fetch-unit";r=0;t=900',
    ])
    const second = await limited(new Request(url('/go'), { method: 'POST' }))
    expect([
      second.status,
      second.headers.get('retry-after'),
      ((await second.json()) as { error: { code: string } }).error.code,
    ]).toEqual([429, '900', 'RATE_LIMITED'])
  })

  it('limiters and the login guard refuse to start without clientIp (a Request has no client address)', () => {
    const noIp = fetchSessions(sessions)
    expect(() => noIp.rateLimit(5, '15m')).toThrow(/clientIp/)
    expect(() => noIp.rateLimit({ limit: 5, key: 'user' })).toThrow(/clientIp/)
    expect(() => noIp.loginGuard()).toThrow(/clientIp/)
    expect(() => noIp.rateLimit({ limit: 5, key: (r: Request) => new URL(r.url).pathname })).not.toThrow()
  })

  it('options: unknown keys and a bad basePath are refused', () => {
    expect(() => fetchSessions(sessions, { basepath: '/x' } as never)).toThrow(
      /fetchSessions options: unknown option "basepath" \(did you mean "basePath"\?\)/,
    )
    expect(() => fetchSessions(sessions, { basePath: 'api' })).toThrow(/basePath/)
    expect(() => fetchSessions(sessions, { clientIp: 'x' as never })).toThrow(ConfigError)
  })

  it('errorResponse hides unknown errors behind a bare 500', async () => {
    const r = jwt.errorResponse(new Error('secret detail'))
    expect([r.status, await r.json()]).toEqual([500, { error: { code: 'INTERNAL', message: 'Internal error' } }])
  })
})
