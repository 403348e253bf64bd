// Types of jwt-sessions/koa as users get them (compiled against the build): ctx.state typed through
// the application's state generic, the middleware usable with app.use.
import Koa from 'koa'
import { createSessions, memoryStore } from 'jwt-sessions'
import { koaSessions, type KoaSessionState, type KoaSessionsMiddleware } from 'jwt-sessions/koa'

type Data = { role: 'admin' | 'user' }
const sessions = createSessions<Data>({ store: memoryStore(), secret: 'x'.repeat(32) })
const jwt = koaSessions(sessions)

const app = new Koa<KoaSessionState<Data>>()
app.use(jwt.errorHandler())
app.use(jwt.routes({ prefix: '/api/token' }))
app.use(jwt.rateLimit(100, '1m'))
app.use(jwt.auth)
app.use((ctx) => {
  const id: string | undefined = ctx.state.user?.id
  const role: 'admin' | 'user' | undefined = ctx.state.session?.data.role
  // @ts-expect-error the session data type flows from the state type
  const plan = ctx.state.session?.data.plan
  // @ts-expect-error the user may be missing (optionalAuth, routes without auth)
  const bare: string = ctx.state.user.id
  void [plan, bare]
  ctx.body = { id, role, session: jwt.sessionOf(ctx)?.toJSON() }
})

// A renamed requestKey, typed through the key argument.
const renamed = new Koa<KoaSessionState<Data, 'jwt'>>()
renamed.use(koaSessions(sessions, { requestKey: 'jwt' }).auth)
renamed.use((ctx) => {
  const role: 'admin' | 'user' | undefined = ctx.state.jwt?.data.role
  void role
})

// Middleware compose into an app of any state (`use` adds KoaSessionState to it).
const plain = new Koa<{ requestId: string }>().use(jwt.optionalAuth)
plain.use((ctx) => {
  const both: [string, string | undefined] = [ctx.state.requestId, ctx.state.user?.id]
  void both
})

export const typed: KoaSessionsMiddleware<Data> = jwt.auth
export const guarded: Koa.Middleware = jwt.loginGuard({ maxFailures: 5 }).middleware((ctx) => ctx.query.user)

// @ts-expect-error unknown options are refused
koaSessions(sessions, { requestkey: 'x' })
// @ts-expect-error signIn takes the context, not the app
void jwt.signIn(app, 'u1')
