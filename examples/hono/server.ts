/**
 * jwt-sessions on Hono 4, served by @hono/node-server: `npx tsx examples/hono/server.ts`, then
 *
 *   curl -X POST 'localhost:3000/login' -H 'content-type: application/json' -d '{"username":"ada","password":"demo"}'
 *   curl localhost:3000/me -H "authorization: Bearer <accessToken>"
 *   curl -X POST localhost:3000/api/token/refresh -H 'content-type: application/json' -d '{"refreshToken":"<refreshToken>"}'
 *
 * Environment: `PORT` (3000), `REDIS_URL` (redis://127.0.0.1:6379), `JWT_SECRET` (a random one,
 * with a warning, when unset). Ctrl-C (or SIGTERM) closes the server and the Redis connection, and
 * the process exits. On Bun or Deno, serve `app.fetch` instead and give `clientIp` (docs/hono.md).
 */
import { randomBytes } from 'node:crypto'
import { serve } from '@hono/node-server'
import { type Context, Hono } from 'hono'
import { HttpInputError, honoSessions } from '../../src/adapters/hono/index.js'
import { sessionsFromEnv } from '../../src/index.js'

const USERS: Record<string, { password: string; role: string }> = { ada: { password: 'demo', role: 'admin' } }

// JWT_SECRET and REDIS_URL (else Redis on 127.0.0.1:6379) as sessionsFromEnv reads them.
if (process.env.JWT_SECRET === undefined)
  console.warn('warning: JWT_SECRET is not set; using a random one (sessions end on restart)')
const sessions = sessionsFromEnv<{ role: string }>(
  process.env.JWT_SECRET === undefined ? { secret: randomBytes(32).toString('base64url') } : {},
)
const hjwt = honoSessions(sessions)
const guard = hjwt.loginGuard({ maxFailures: 5, window: '15m' })

/** The login body; Hono caches it, so the guard and the handler both read it. */
async function credentials(c: Context): Promise<{ username: string; password: unknown }> {
  const body: unknown = await c.req.json().catch(() => undefined)
  if (typeof body !== 'object' || body === null) throw new HttpInputError('BAD_REQUEST', 'Send a JSON object')
  const { username, password } = body as Record<string, unknown>
  return { username: typeof username === 'string' ? username : '', password }
}

const app = new Hono()
app.onError(hjwt.errorHandler) // errors thrown in routes answer in the contract's envelope
app.post(
  '/login',
  guard.middleware(async (c) => (await credentials(c)).username), // 429 after too many failures
  async (c) => {
    const { username, password } = await credentials(c)
    const user = USERS[username]
    if (user === undefined || user.password !== password) {
      await guard.fail(c)
      return c.json({ error: { code: 'INVALID_CREDENTIALS', message: 'Wrong username or password' } }, 401)
    }
    await guard.succeed(c)
    return hjwt.signIn(c, username, { data: { role: user.role }, claims: { role: user.role } })
  },
)
app.get('/me', hjwt.auth, (c) => c.json({ user: c.get('user'), session: c.get('session').toJSON() }))
app.post('/logout', hjwt.logout)
app.post('/logout-all', hjwt.auth, hjwt.logoutAll)
app.route('/api/token', hjwt.routes()) // /api/token/refresh, /validate, /sessions, ...
app.notFound((c) => c.json({ error: { code: 'NOT_FOUND', message: 'Not found' } }, 404))

const port = Number(process.env.PORT ?? 3000)
const server = serve({ fetch: app.fetch, port }, () => console.log(`listening on http://localhost:${port}`))
const stop = () => {
  server.close()
  void sessions.close()
}
process.once('SIGINT', stop)
process.once('SIGTERM', stop)
