// The Fetch layer on Node's own Request/Response, behind a real node:http server (as Next.js,
// Bun.serve and Deno.serve put one in front of a fetch handler): the bridge of examples/fetch.
import { clientIpOf, serveFetch } from '../../../../examples/fetch/node-bridge.js'
import { fetchSessions } from '../../../../src/adapters/fetch/index.js'
import type { Data, HttpDriver } from '../driver.js'
import { listening } from '../listen.js'

const driver: HttpDriver = {
  name: 'fetch (Request/Response)',
  async start({ sessions, options, rateLimit, loginGuard }) {
    const jwt = fetchSessions<Data>(sessions, { ...options, basePath: '/api/token', clientIp: clientIpOf })
    const guard = jwt.loginGuard(loginGuard)
    const routes: Record<string, (request: Request) => Promise<Response>> = {
      'POST /login': (request) =>
        jwt.signIn(request, new URL(request.url).searchParams.get('user') ?? 'alice', {
          data: { theme: 'light' },
          claims: { role: 'member' },
        }),
      'GET /profile': jwt.auth((_request, { user, session }) => Response.json({ user, session })),
      'GET /feed': jwt.optionalAuth((_request, { user }) => Response.json({ user: user ?? null })),
      'POST /theme': jwt.auth(async (_request, { session }) => {
        session.data = { theme: 'dark' }
        await session.update()
        await session.reload()
        return Response.json({ data: session.data, touched: await session.touch() })
      }),
      'POST /action': jwt.auth(() => Response.json({ done: true })),
      'POST /logout': (request) => jwt.logout(request),
      'POST /auth-logout': jwt.auth((request) => jwt.logout(request)),
      'POST /logout-all': jwt.auth((request) => jwt.logoutAll(request)),
      'POST /refresh': (request) => jwt.refresh(request),
      'POST /limited': jwt.rateLimit(rateLimit)(() => Response.json({ ok: true })),
      'POST /guarded-login': async (request) => {
        const q = new URL(request.url).searchParams
        const refused = await guard.admit(request, q.get('user'))
        if (refused) return refused
        if (q.get('password') !== 'right') {
          await guard.fail(request)
          return Response.json(
            { error: { code: 'BAD_CREDENTIALS', message: 'Wrong user name or password' } },
            { status: 401 },
          )
        }
        await guard.succeed(request)
        return Response.json({ ok: true })
      },
    }
    const serve = async (request: Request): Promise<Response> => {
      const handler = routes[`${request.method} ${new URL(request.url).pathname}`]
      if (handler) return handler(request)
      return (
        (await jwt.handle(request)) ??
        Response.json({ error: { code: 'NOT_FOUND', message: 'Not found' } }, { status: 404 })
      )
    }
    return listening(serveFetch(serve, (err) => jwt.errorResponse(err)))
  },
}

export default [driver] satisfies HttpDriver[]
