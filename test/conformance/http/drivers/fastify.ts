// Fastify 5 with the jwt-sessions/fastify plugin: hooks as preHandlers, routes() under a prefix.
import Fastify from 'fastify'
import { fastifySessions, frameworkErrors } from '../../../../src/adapters/fastify/index.js'
import type { Data, HttpDriver } from '../driver.js'
import { listening } from '../listen.js'

type Query = { Querystring: { user?: string; password?: string } }

const driver: HttpDriver = {
  name: 'fastify 5',
  async start({ sessions, options, rateLimit, loginGuard }) {
    const app = Fastify({ frameworkErrors })
    await app.register(fastifySessions, { sessions, ...options })
    const { jwt } = app
    const guard = jwt.loginGuard(loginGuard)
    const profile = { data: { theme: 'light' }, claims: { role: 'member' } }
    app.post<Query>('/login', async (request, reply) =>
      jwt.signIn(request, reply, request.query.user ?? 'alice', profile),
    )
    app.get('/profile', { preHandler: jwt.auth }, async (request) => ({ user: request.user, session: request.session }))
    app.get('/feed', { preHandler: jwt.optionalAuth }, async (request) => ({ user: request.user ?? null }))
    app.post('/theme', { preHandler: jwt.auth }, async (request) => {
      const s = request.session!
      s.data = { theme: 'dark' } satisfies Data
      await s.update()
      await s.reload()
      return { data: s.data, touched: await s.touch() }
    })
    app.post('/action', { preHandler: jwt.auth }, async () => ({ done: true }))
    app.post('/logout', jwt.logout)
    app.post('/auth-logout', { preHandler: jwt.auth }, jwt.logout)
    app.post('/logout-all', { preHandler: jwt.auth }, jwt.logoutAll)
    app.post('/refresh', jwt.refresh)
    await app.register(jwt.routes(), { prefix: '/api/token' })
    app.post('/limited', { preHandler: jwt.rateLimit(rateLimit) }, async () => ({ ok: true }))
    app.post<Query>(
      '/guarded-login',
      { preHandler: guard.preHandler((r) => (r.query as Query['Querystring']).user) },
      async (request, reply) => {
        if (request.query.password !== 'right') {
          await guard.fail(request)
          return reply.code(401).send({ error: { code: 'BAD_CREDENTIALS', message: 'Wrong user name or password' } })
        }
        await guard.succeed(request)
        return { ok: true }
      },
    )
    await app.listen({ port: 0, host: '127.0.0.1' })
    return listening(app.server)
  },
}

export default [driver] satisfies HttpDriver[]
