// Hono 4 on @hono/node-server with jwt-sessions/hono: middleware per route, routes() as a sub-app.
import type { Server } from 'node:http'
import { createAdaptorServer } from '@hono/node-server'
import { Hono } from 'hono'
import { honoSessions } from '../../../../src/adapters/hono/index.js'
import type { Data, HttpDriver } from '../driver.js'
import { listening } from '../listen.js'

const driver: HttpDriver = {
  name: 'hono 4 (@hono/node-server)',
  async start({ sessions, options, rateLimit, loginGuard }) {
    const hjwt = honoSessions<Data>(sessions, options)
    const guard = hjwt.loginGuard(loginGuard)
    const app = new Hono()
    app.onError(hjwt.errorHandler)
    app.post('/login', (c) =>
      hjwt.signIn(c, c.req.query('user') ?? 'alice', { data: { theme: 'light' }, claims: { role: 'member' } }),
    )
    app.get('/profile', hjwt.auth, (c) => c.json({ user: c.get('user'), session: c.get('session').toJSON() }))
    app.get('/feed', hjwt.optionalAuth, (c) => c.json({ user: c.get('user') ?? null }))
    app.post('/theme', hjwt.auth, async (c) => {
      const session = c.get('session')
      session.data = { theme: 'dark' }
      await session.update()
      await session.reload()
      return c.json({ data: session.data, touched: await session.touch() })
    })
    app.post('/action', hjwt.auth, (c) => c.json({ done: true }))
    app.post('/logout', hjwt.logout)
    app.post('/auth-logout', hjwt.auth, hjwt.logout)
    app.post('/logout-all', hjwt.auth, hjwt.logoutAll)
    app.post('/refresh', hjwt.refresh)
    app.route('/api/token', hjwt.routes())
    app.post('/limited', hjwt.rateLimit(rateLimit), (c) => c.json({ ok: true }))
    app.post(
      '/guarded-login',
      guard.middleware((c) => c.req.query('user')),
      async (c) => {
        if (c.req.query('password') !== 'right') {
          await guard.fail(c)
          return c.json({ error: { code: 'BAD_CREDENTIALS', message: 'Wrong user name or password' } }, 401)
        }
        await guard.succeed(c)
        return c.json({ ok: true })
      },
    )
    return listening(createAdaptorServer({ fetch: app.fetch }) as Server)
  },
}

export default [driver] satisfies HttpDriver[]
