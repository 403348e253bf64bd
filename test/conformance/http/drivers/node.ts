// Plain node:http with the jwt-sessions/node helpers: routing by hand, as a framework-less server does.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { nodeSessions } from '../../../../src/adapters/node/index.js'
import type { Data, HttpDriver } from '../driver.js'
import { listening } from '../listen.js'

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))
}

const driver: HttpDriver = {
  name: 'node:http',
  async start({ sessions, options, rateLimit, loginGuard }) {
    const jwt = nodeSessions<Data>(sessions, options)
    const routes = jwt.routes({ prefix: '/api/token' })
    const limited = jwt.rateLimit(rateLimit)
    const guard = jwt.loginGuard(loginGuard)

    const route = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
      const at = `${req.method} ${url.pathname}`
      if (at === 'POST /login') {
        await jwt.signIn(req, res, url.searchParams.get('user') ?? 'alice', {
          data: { theme: 'light' },
          claims: { role: 'member' },
        })
      } else if (at === 'GET /profile') {
        const auth = await jwt.auth(req, res)
        if (auth) json(res, 200, { user: auth.user, session: auth.session })
      } else if (at === 'GET /feed') {
        const auth = await jwt.optionalAuth(req, res)
        if (auth) json(res, 200, { user: auth.user ?? null })
      } else if (at === 'POST /theme') {
        const auth = await jwt.auth(req, res)
        if (!auth) return
        auth.session.data = { theme: 'dark' }
        await auth.session.update()
        await auth.session.reload()
        json(res, 200, { data: auth.session.data, touched: await auth.session.touch() })
      } else if (at === 'POST /action') {
        if (await jwt.auth(req, res)) json(res, 200, { done: true })
      } else if (at === 'POST /logout') {
        await jwt.logout(req, res)
      } else if (at === 'POST /auth-logout') {
        if (await jwt.auth(req, res)) await jwt.logout(req, res)
      } else if (at === 'POST /logout-all') {
        if (await jwt.auth(req, res)) await jwt.logoutAll(req, res)
      } else if (at === 'POST /refresh') {
        await jwt.refresh(req, res)
      } else if (at === 'POST /limited') {
        if (await limited(req, res)) json(res, 200, { ok: true })
      } else if (at === 'POST /guarded-login') {
        if (!(await guard.admit(req, res, url.searchParams.get('user')))) return
        if (url.searchParams.get('password') !== 'right') {
          await guard.fail(req)
          return json(res, 401, { error: { code: 'BAD_CREDENTIALS', message: 'Wrong user name or password' } })
        }
        await guard.succeed(req)
        json(res, 200, { ok: true })
      } else if (!(await routes(req, res))) {
        json(res, 404, { error: { code: 'NOT_FOUND', message: 'Not found' } })
      }
    }

    return listening(
      createServer((req, res) => {
        route(req, res, new URL(req.url ?? '/', 'http://localhost')).catch((err: unknown) => jwt.sendError(res, err))
      }),
    )
  },
}

export default [driver] satisfies HttpDriver[]
