// Fastify typing as users get it from the built package: request.user and request.session through
// declaration merging, the session data through the JwtSessionsTypes registry, app.jwt's hooks as
// route options. Compiled by test/integration/package-exports.test.ts.
import Fastify, { type preHandlerAsyncHookHandler } from 'fastify'
import { createSessions, memoryStore } from 'jwt-sessions'
import { fastifySessions, type FastifySessions } from 'jwt-sessions/fastify'

declare module 'jwt-sessions/fastify' {
  interface JwtSessionsTypes {
    data: { plan: 'free' | 'pro' }
  }
}

const sessions = createSessions<{ plan: 'free' | 'pro' }>({ store: memoryStore(), secret: 'x'.repeat(32) })
const app = Fastify()
await app.register(fastifySessions, { sessions })

const hook: preHandlerAsyncHookHandler = app.jwt.auth
void hook
const typed: FastifySessions<{ plan: 'free' | 'pro' }> = app.jwt
void typed

app.get('/profile', { preHandler: app.jwt.auth }, async (request) => {
  const id: string | undefined = request.user?.id
  const plan: 'free' | 'pro' | undefined = request.session?.data.plan
  // @ts-expect-error the registered data type has no `role`
  const role = request.session?.data.role
  void role
  return { id, plan }
})
app.post('/limited', { preHandler: app.jwt.rateLimit(5, '15m') }, async () => ({ ok: true }))
// @ts-expect-error a window is a duration like "15m" or milliseconds
app.jwt.rateLimit(5, true)
// @ts-expect-error unknown plugin options are refused at compile time too
await app.register(fastifySessions, { sessions, accesTokenTtl: '5m' })
await app.register(app.jwt.routes(), { prefix: '/api/token' })
