/**
 * jwt-sessions on Koa, without a router: `npx tsx examples/koa/server.ts`, then
 *
 *   curl -X POST 'localhost:3000/login' -H 'content-type: application/json' -d '{"username":"ada","password":"demo"}'
 *   curl localhost:3000/me -H "authorization: Bearer <accessToken>"
 *   curl -X POST localhost:3000/api/token/refresh -H 'content-type: application/json' -d '{"refreshToken":"<refreshToken>"}'
 *
 * Environment and Ctrl-C as in examples/shared.ts.
 */
import { createServer } from 'node:http'
import Koa from 'koa'
import { koaSessions, type KoaSessionState } from '../../src/adapters/koa/index.js'
import { readJsonBody } from '../../src/http/index.js'
import { exampleSessions, serve, USERS } from '../shared.js'

type Data = { role: string }
type Middleware = Koa.Middleware<KoaSessionState<Data>>

const sessions = exampleSessions()
const jwt = koaSessions(sessions)
const guard = jwt.loginGuard({ maxFailures: 5, window: '15m' })

/** `chain` for one method and path, else the next middleware: all the routing this example needs. */
function route(method: string, path: string, ...chain: Middleware[]): Middleware {
  return (ctx, next) => {
    if (ctx.method !== method || ctx.path !== path) return next()
    const run = async (i: number): Promise<void> => chain[i]?.(ctx, () => run(i + 1))
    return run(0)
  }
}

const login: Middleware = async (ctx) => {
  // No body parser here: read the JSON body (its errors answer 400/413/415 through errorHandler).
  const body = (await readJsonBody(ctx.req, ctx.headers, 16 * 1024)) ?? {}
  const username = typeof body.username === 'string' ? body.username : ''
  if (!(await guard.admit(ctx, username))) return // 429 after too many failures, answered
  const user = USERS[username]
  if (user === undefined || user.password !== body.password) {
    await guard.fail(ctx)
    ctx.status = 401
    ctx.body = { error: { code: 'INVALID_CREDENTIALS', message: 'Wrong username or password' } }
    return
  }
  await guard.succeed(ctx)
  await jwt.signIn(ctx, username, { data: { role: user.role }, claims: { role: user.role } })
}

const app = new Koa<KoaSessionState<Data>>()
app.use(jwt.errorHandler()) // errors thrown below answer in the contract's envelope
app.use(jwt.routes({ prefix: '/api/token' })) // /api/token/refresh, /validate, /sessions, ...
app.use(route('POST', '/login', login))
app.use(
  route('GET', '/me', jwt.auth, (ctx) => {
    ctx.body = { user: ctx.state.user, session: ctx.state.session }
  }),
)
app.use(route('POST', '/logout', jwt.logout))
app.use(route('POST', '/logout-all', jwt.auth, jwt.logoutAll))
app.use((ctx) => {
  ctx.status = 404
  ctx.body = { error: { code: 'NOT_FOUND', message: 'Not found' } }
})

serve(createServer(app.callback()), sessions)
