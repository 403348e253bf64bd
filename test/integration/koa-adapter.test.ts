// What only the Koa adapter has: routes() under any prefix (and at the root, as koa-mount strips it),
// HEAD answers, ctx.ip behind app.proxy, errors thrown after auth or errorHandler(), a body parsed
// before the adapter, requestKey, option checks. Wire behaviour shared with every adapter runs in
// test/conformance/http.
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import Koa from 'koa'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fromKoaBodyParser, koaSessions, type KoaSessionState } from '../../src/adapters/koa/index.js'
import { ConfigError, createSessions, redisStore, StoreUnavailableError, type Sessions } from '../../src/index.js'
import { cleanupPrefix, redisUrl, uniquePrefix } from '../helpers/redis.js'

const servers: Server[] = []

async function listen(app: Koa<KoaSessionState>): Promise<string> {
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s))
  })
  servers.push(server)
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

describe('Koa adapter specifics', () => {
  const prefix = uniquePrefix('koa')
  let sessions: Sessions
  let base: string
  let rootBase: string

  beforeAll(async () => {
    sessions = createSessions({ store: redisStore({ url: redisUrl(), keyPrefix: prefix }), secret: 'k'.repeat(40) })
    const jwt = koaSessions(sessions, { requestKey: 'jwt' })
    const app = new Koa<KoaSessionState<unknown, 'jwt'>>()
    app.silent = true
    app.proxy = true
    app.use(jwt.errorHandler())
    app.use(jwt.routes({ prefix: '/auth/' }))
    app.use(async (ctx, next) => {
      if (ctx.path === '/login') return void (await jwt.signIn(ctx, 'kim'))
      if (ctx.path === '/parsed') (ctx.request as { body?: unknown }).body = { refreshToken: 'rt1.garbage' }
      if (ctx.path === '/thrown') throw new StoreUnavailableError('down')
      if (ctx.path === '/bad-json') throw Object.assign(new SyntaxError('Unexpected token'), { status: 400 })
      if (ctx.path === '/boom') throw new Error('secret detail')
      await next()
    })
    app.use(async (ctx, next) => (ctx.path === '/parsed' ? jwt.refresh(ctx, next) : next()))
    app.use(async (ctx, next) => (ctx.path === '/me' ? jwt.auth(ctx, next) : next()))
    app.use(async (ctx, next) => {
      if (ctx.path !== '/me') return next()
      if (ctx.query.fail === '1') throw new StoreUnavailableError('down')
      ctx.body = { state: ctx.state.jwt?.id === jwt.sessionOf(ctx)?.id, id: ctx.state.user?.id }
    })
    base = await listen(app)

    const root = new Koa<KoaSessionState>()
    root.use(koaSessions(sessions).routes({ prefix: '/' }))
    rootBase = await listen(root)
  })
  afterAll(async () => {
    for (const s of servers) s.close().closeAllConnections()
    await sessions.close()
    await cleanupPrefix(prefix)
  })

  it('routes() serves under the prefix given (or the root) and passes other paths on', async () => {
    const statuses = [`${base}/auth/health`, `${base}/authx/health`, `${base}/auth/none`, `${rootBase}/health`]
    expect(await Promise.all(statuses.map(async (url) => (await fetch(url)).status))).toEqual([200, 404, 404, 200])
    // Koa answers HEAD with the headers of GET and no body.
    const head = await fetch(`${rootBase}/health`, { method: 'HEAD' })
    const json = 'application/json; charset=utf-8'
    expect([head.status, head.headers.get('content-type'), await head.text()]).toEqual([200, json, ''])
  })

  it('signIn records ctx.ip (X-Forwarded-For under app.proxy); auth fills ctx.state[requestKey]', async () => {
    const r = await fetch(`${base}/login`, { method: 'POST', headers: { 'x-forwarded-for': '198.51.100.7' } })
    expect([r.status, r.headers.get('cache-control')]).toEqual([200, 'no-store'])
    const { sessionId, accessToken } = (await r.json()) as { sessionId: string; accessToken: string }
    expect((await sessions.get(sessionId))?.meta.ip).toBe('198.51.100.7')
    const me = await fetch(`${base}/me`, { headers: { authorization: `Bearer ${accessToken}` } })
    expect(await me.json()).toEqual({ state: true, id: 'kim' })
    const failing = await fetch(`${base}/me?fail=1`, { headers: { authorization: `Bearer ${accessToken}` } })
    expect([failing.status, ((await failing.json()) as { error: { code: string } }).error.code]).toEqual([
      503,
      'STORE_UNAVAILABLE',
    ])
  })

  it('errorHandler answers known errors and body-parser failures in the envelope, hides the rest', async () => {
    const thrown = await fetch(`${base}/thrown`)
    expect([thrown.status, thrown.headers.get('retry-after')]).toEqual([503, '1'])
    const bad = await fetch(`${base}/bad-json`)
    expect([bad.status, await bad.json()]).toEqual([
      400,
      { error: { code: 'BAD_REQUEST', message: 'The request body could not be read' } },
    ])
    const boom = await fetch(`${base}/boom`)
    expect([boom.status, await boom.text()]).toEqual([500, 'Internal Server Error'])
  })

  it('uses a body a parser left on ctx.request.body', async () => {
    const r = await fetch(`${base}/parsed`, { method: 'POST' })
    expect([r.status, ((await r.json()) as { error: { code: string } }).error.code]).toEqual([401, 'TOKEN_INVALID'])
  })

  it('maps co-body failures and nothing else', () => {
    const status = (err: unknown) => fromKoaBodyParser(err)?.code
    expect(status(Object.assign(new Error('too large'), { status: 413, type: 'entity.too.large' }))).toBe(
      'PAYLOAD_TOO_LARGE',
    )
    expect(status(Object.assign(new Error('Unsupported Content-Encoding: x'), { status: 415 }))).toBe(
      'UNSUPPORTED_MEDIA_TYPE',
    )
    expect(status(Object.assign(new Error('incorrect header check'), { errno: -3, code: 'Z_DATA_ERROR' }))).toBe(
      'BAD_REQUEST',
    )
    expect(status(Object.assign(new Error('Not Found'), { status: 404, expose: true }))).toBeUndefined()
    expect(status(new SyntaxError('in app code'))).toBeUndefined()
  })

  it('refuses unknown option keys and bad prefixes', () => {
    expect(() => koaSessions(sessions, { requestkey: 'x' } as never)).toThrow(
      /koaSessions options: unknown option "requestkey" \(did you mean "requestKey"\?\)/,
    )
    expect(() => koaSessions(sessions).routes({ prefx: '/x' } as never)).toThrow(
      /routes\(\) options: unknown option "prefx"/,
    )
    expect(() => koaSessions(sessions).routes({ prefix: 'x' })).toThrow(ConfigError)
  })
})
