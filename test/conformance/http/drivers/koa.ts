// Koa 3 and Koa 2 with jwt-sessions/koa, routed by hand (no router: routes() must not need one),
// each also behind @koa/bodyparser (co-body, as koa-bodyparser and koa-body use) in front.
import { createServer } from 'node:http'
import { bodyParser } from '@koa/bodyparser'
import Koa from 'koa'
import { koaSessions, type KoaContext, type KoaSessionState } from '../../../../src/adapters/koa/index.js'
import type { Data, HttpDriver, RunningApp } from '../driver.js'
import { listening } from '../listen.js'

type KoaClass = typeof Koa
// koa2 (npm:koa@2) ships no types of its own; it has Koa 3's surface for what we use.
const koa2Specifier: string = 'koa2'
const Koa2 = ((await import(koa2Specifier)) as { default: KoaClass }).default

type Route = (ctx: Koa.ParameterizedContext<KoaSessionState<Data>>, next: Koa.Next) => Promise<unknown> | unknown

const driver = (name: string, App: KoaClass, withParser: boolean): HttpDriver => ({
  name: withParser ? `${name} + @koa/bodyparser` : name,
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
    // The adapter's body limit (1 MB), so that both refuse the same bodies.
    if (withParser) app.use(bodyParser({ enableTypes: ['json'], jsonLimit: '1mb' }))
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
