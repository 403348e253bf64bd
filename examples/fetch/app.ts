/**
 * A Fetch API app on jwt-sessions: one `(request) => Promise<Response>` handler, the shape Bun.serve,
 * Deno.serve and Next.js route handlers take. `examples/fetch/server.ts` runs it on Node.
 */
import { fetchSessions } from '../../src/adapters/fetch/index.js'
import type { Sessions } from '../../src/index.js'
import { USERS } from '../shared.js'

/**
 * The app's handler. `clientIp` tells the library the client's address (a `Request` does not
 * carry it): the server in front knows it.
 */
export function createApp(sessions: Sessions<{ role: string }>, clientIp: (request: Request) => string | undefined) {
  const jwt = fetchSessions(sessions, { basePath: '/api/token', clientIp })
  const guard = jwt.loginGuard({ maxFailures: 5, window: '15m' })

  const login = async (request: Request): Promise<Response> => {
    const body = (await request.json().catch(() => ({}))) as { username?: unknown; password?: unknown }
    const username = typeof body.username === 'string' ? body.username : ''
    const refused = await guard.admit(request, username)
    if (refused) return refused // 429 after too many failures
    const user = USERS[username]
    if (user === undefined || user.password !== body.password) {
      await guard.fail(request)
      return Response.json(
        { error: { code: 'INVALID_CREDENTIALS', message: 'Wrong username or password' } },
        { status: 401 },
      )
    }
    await guard.succeed(request)
    return jwt.signIn(request, username, { data: { role: user.role }, claims: { role: user.role } })
  }

  const me = jwt.auth((_request, { user, session }) => Response.json({ user, session }))
  const logoutAll = jwt.auth((request) => jwt.logoutAll(request))

  return async (request: Request): Promise<Response> => {
    const routed = await jwt.handle(request) // /api/token/refresh, /validate, /sessions, ...
    if (routed) return routed
    const at = `${request.method} ${new URL(request.url).pathname}`
    if (at === 'POST /login') return login(request)
    if (at === 'GET /me') return me(request)
    if (at === 'POST /logout') return jwt.logout(request)
    if (at === 'POST /logout-all') return logoutAll(request)
    return Response.json({ error: { code: 'NOT_FOUND', message: 'Not found' } }, { status: 404 })
  }
}
