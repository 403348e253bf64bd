// Koa 3 and Koa 2 with jwt-sessions/koa, routed by hand (no router: routes() must not need one),
// each also behind a co-body-style JSON parser, as koa-bodyparser and @koa/bodyparser put in front.
import { createServer } from 'node:http'
import { createBrotliDecompress, createUnzip } from 'node:zlib'
import Koa from 'koa'
import { koaSessions, type KoaContext, type KoaSessionState } from '../../../../src/adapters/koa/index.js'
import type { Data, HttpDriver, RunningApp } from '../driver.js'
import { listening } from '../listen.js'

type KoaClass = typeof Koa
// koa2 (npm:koa@2) ships no types of its own; it has Koa 3's surface for what we use.
const koa2Specifier: string = 'koa2'
const Koa2 = ((await import(koa2Specifier)) as { default: KoaClass }).default

type Route = (ctx: Koa.ParameterizedContext<KoaSessionState<Data>>, next: Koa.Next) => Promise<unknown> | unknown

const LIMIT = 1 << 20
const tooLarge = () => Object.assign(new Error('request entity too large'), { status: 413, type: 'entity.too.large' })

/**
 * What co-body (under koa-bodyparser, @koa/bodyparser, koa-body) does for JSON, with its errors'
 * shapes: raw-body's typed errors, a SyntaxError with status 400, a bare 415 for an unknown
 * encoding, zlib's error as it is. Other content types leave `{}`.
 */
async function jsonParser(ctx: KoaContext, next: Koa.Next): Promise<void> {
  const request = ctx.request as { body?: unknown }
  if (!['POST', 'PUT', 'PATCH'].includes(ctx.method)) return next()
  if (!ctx.is('application/json')) {
    request.body = {}
    return next()
  }
  const encoding = ctx.get('content-encoding') || 'identity'
  if (!['identity', 'gzip', 'deflate', 'br'].includes(encoding)) {
    throw Object.assign(new Error(`Unsupported Content-Encoding: ${encoding}`), { status: 415 })
  }
  if (encoding === 'identity' && Number(ctx.get('content-length')) > LIMIT) throw tooLarge()
  const stream =
    encoding === 'identity' ? ctx.req : ctx.req.pipe(encoding === 'br' ? createBrotliDecompress() : createUnzip())
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > LIMIT) throw tooLarge()
    chunks.push(chunk)
  }
  const text = Buffer.concat(chunks).toString('utf8')
  if (text !== '' && !/^[ \t\n\r]*[[{]/.test(text)) {
    throw Object.assign(new SyntaxError('invalid JSON, only supports object and array'), { status: 400 })
  }
  try {
    request.body = text === '' ? {} : JSON.parse(text)
  } catch (err) {
    throw Object.assign(err as Error, { status: 400 })
  }
  return next()
}

const driver = (name: string, App: KoaClass, withParser: boolean): HttpDriver => ({
  name: withParser ? `${name} + JSON body parser` : name,
  parsesBodies: withParser,
  async start({ sessions, options, rateLimit, loginGuard }): Promise<RunningApp> {
    const jwt = koaSessions<Data>(sessions, options)
    const guard = jwt.loginGuard(loginGuard)
    const query = (ctx: KoaContext, name: string) => {
      const v = ctx.query[name]
      return typeof v === 'string' ? v : undefined
    }
    const routes: Record<string, Route[]> = {
      'POST /login': [
        (ctx) =>
          jwt.signIn(ctx, query(ctx, 'user') ?? 'alice', { data: { theme: 'light' }, claims: { role: 'member' } }),
      ],
      'GET /profile': [jwt.auth, (ctx) => (ctx.body = { user: ctx.state.user, session: ctx.state.session })],
      'GET /feed': [jwt.optionalAuth, (ctx) => (ctx.body = { user: ctx.state.user ?? null })],
      'POST /theme': [
        jwt.auth,
        async (ctx) => {
          const s = jwt.sessionOf(ctx)!
          s.data = { theme: 'dark' }
          await s.update()
          await s.reload()
          ctx.body = { data: s.data, touched: await s.touch() }
        },
      ],
      'POST /action': [jwt.auth, (ctx) => (ctx.body = { done: true })],
      'POST /logout': [jwt.logout],
      'POST /auth-logout': [jwt.auth, jwt.logout],
      'POST /logout-all': [jwt.auth, jwt.logoutAll],
      'POST /refresh': [jwt.refresh],
      'POST /limited': [jwt.rateLimit(rateLimit), (ctx) => (ctx.body = { ok: true })],
      'POST /guarded-login': [
        guard.middleware((ctx) => query(ctx, 'user')),
        async (ctx) => {
          if (query(ctx, 'password') !== 'right') {
            await guard.fail(ctx)
            ctx.status = 401
            ctx.body = { error: { code: 'BAD_CREDENTIALS', message: 'Wrong user name or password' } }
            return
          }
          await guard.succeed(ctx)
          ctx.body = { ok: true }
        },
      ],
    }
    const app = new App<KoaSessionState<Data>>()
    app.silent = true
    app.use(jwt.errorHandler())
    if (withParser) app.use(jsonParser)
    app.use(jwt.routes({ prefix: '/api/token' }))
    app.use(async (ctx, next) => {
      const chain = routes[`${ctx.method} ${ctx.path}`]
      if (chain === undefined) return next()
      const run = async (i: number): Promise<void> => {
        await chain[i]?.(ctx, () => run(i + 1))
      }
      await run(0)
    })
    return listening(createServer(app.callback()))
  },
})

// Each Koa with and without a body parser in front.
export default ([Koa, Koa2] as const).flatMap((factory, i) =>
  [false, true].map((parser) => driver(i === 0 ? 'koa 3' : 'koa 2', factory, parser)),
) satisfies HttpDriver[]
