// Hono typing as users get it from the built package: c.get('user') and c.get('session') typed by
// the middleware's Env, or by Hono<HonoSessionEnv<D>>. Compiled by test/integration/package-exports.test.ts.
import { Hono } from 'hono'
import { createSessions, memoryStore } from 'jwt-sessions'
import { type HonoSessionEnv, honoSessions } from 'jwt-sessions/hono'

const sessions = createSessions<{ theme: string }>({ store: memoryStore(), secret: 'x'.repeat(32) })
const hjwt = honoSessions(sessions)
const app = new Hono()

app.get('/profile', hjwt.auth, (c) => {
  const id: string = c.get('user').id
  const theme: string = c.get('session').data.theme
  // @ts-expect-error the session data type flows from createSessions
  const wrong: number = c.get('session').data.theme
  void wrong
  return c.json({ id, theme })
})
app.get('/feed', hjwt.optionalAuth, (c) => {
  // @ts-expect-error without a token there is no user
  const id: string = c.get('user').id
  void id
  return c.json({ user: c.get('user') ?? null })
})

const api = new Hono<HonoSessionEnv<{ theme: string }>>().use(hjwt.auth)
api.get('/settings', (c) => c.json({ theme: c.get('session').data.theme }))
app.route('/api', api).route('/api/token', hjwt.routes())
app.onError(hjwt.errorHandler)

// @ts-expect-error unknown options are refused
honoSessions(sessions, { clientIP: () => '::1' })
honoSessions(sessions, { clientIp: (c) => c.req.header('x-real-ip') })
