// The Fetch layer on Node's own Request/Response, behind a real node:http server (as Next.js,
// Bun.serve and Deno.serve put one in front of a fetch handler).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { fetchSessions } from '../../../../src/adapters/fetch/index.js'
import { hasBody } from '../../../../src/http/body.js'
import type { Data, HttpDriver } from '../driver.js'
import { listening } from '../listen.js'

/** The client address of each request, as the server in front knows it. */
const addresses = new WeakMap<Request, string | undefined>()

function toRequest(req: IncomingMessage): Request {
  const headers = new Headers()
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const v of value) headers.append(name, v)
    else if (value !== undefined) headers.set(name, value)
  }
  const body = hasBody(req.headers) ? bodyStream(req) : null
  const request = new Request(`http://${req.headers.host ?? 'localhost'}${req.url ?? '/'}`, { method: req.method, headers, body, duplex: 'half' } as RequestInit)
  addresses.set(request, req.socket.remoteAddress)
  return request
}

/**
 * The request body as a web stream that never pauses the socket: a body the handler does not read
 * (refused as too large) is still received, as a runtime's server drains it, so the client reads
 * the answer instead of a reset connection.
 */
function bodyStream(req: IncomingMessage): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      req.on('data', (chunk: Buffer) => controller.enqueue(new Uint8Array(chunk)))
      req.on('end', () => controller.close())
      req.on('error', (err) => controller.error(err))
    },
  })
}

async function write(res: ServerResponse, response: Response): Promise<void> {
  res.statusCode = response.status
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') res.setHeader(name, value)
  })
  const cookies = response.headers.getSetCookie()
  if (cookies.length > 0) res.setHeader('set-cookie', cookies)
  res.end(response.body === null ? undefined : Buffer.from(await response.arrayBuffer()))
}

const driver: HttpDriver = {
  name: 'fetch (Request/Response)',
  async start({ sessions, options, rateLimit, loginGuard }) {
    const jwt = fetchSessions<Data>(sessions, { ...options, basePath: '/api/token', clientIp: (r) => addresses.get(r) })
    const guard = jwt.loginGuard(loginGuard)
    const routes: Record<string, (request: Request) => Promise<Response>> = {
      'POST /login': (request) =>
        jwt.signIn(request, new URL(request.url).searchParams.get('user') ?? 'alice', { data: { theme: 'light' }, claims: { role: 'member' } }),
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
          return Response.json({ error: { code: 'BAD_CREDENTIALS', message: 'Wrong user name or password' } }, { status: 401 })
        }
        await guard.succeed(request)
        return Response.json({ ok: true })
      },
    }
    const serve = async (request: Request): Promise<Response> => {
      const handler = routes[`${request.method} ${new URL(request.url).pathname}`]
      if (handler) return handler(request)
      return (await jwt.handle(request)) ?? Response.json({ error: { code: 'NOT_FOUND', message: 'Not found' } }, { status: 404 })
    }
    return listening(
      createServer((req, res) => {
        const request = toRequest(req)
        serve(request)
          .catch((err: unknown) => jwt.errorResponse(err))
          .then((response) => write(res, response))
          .catch(() => res.destroy())
      }),
    )
  },
}

export default [driver] satisfies HttpDriver[]
