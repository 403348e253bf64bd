/**
 * jwt-sessions on Hono 4, served by @hono/node-server: `npx tsx examples/hono/server.ts`, then
 *
 *   curl -X POST 'localhost:3000/login' -H 'content-type: application/json' -d '{"username":"ada","password":"demo"}'
 *   curl localhost:3000/me -H "authorization: Bearer <accessToken>"
 *   curl -X POST localhost:3000/api/token/refresh -H 'content-type: application/json' -d '{"refreshToken":"<refreshToken>"}'
 *
 * Environment and Ctrl-C as in examples/shared.ts. On Bun or Deno, serve `app.fetch` instead and give `clientIp` (docs/hono.md).
 */
import { createServer } from 'node:http'
import { getRequestListener } from '@hono/node-server'
import { type Context, Hono } from 'hono'
import { HttpInputError, honoSessions } from '../../src/adapters/hono/index.js'
import { exampleSessions, serve, USERS } from '../shared.js'

const sessions = exampleSessions()
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

// @hono/node-server's listener passes Node's request on, where the adapter finds the client's address.
serve(createServer(getRequestListener(app.fetch)), sessions)
