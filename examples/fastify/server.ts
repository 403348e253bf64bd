/**
 * jwt-sessions on Fastify 5: `npx tsx examples/fastify/server.ts`, then
 *
 *   curl -X POST 'localhost:3000/login' -H 'content-type: application/json' -d '{"username":"ada","password":"demo"}'
 *   curl localhost:3000/me -H "authorization: Bearer <accessToken>"
 *   curl -X POST localhost:3000/api/token/refresh -H 'content-type: application/json' -d '{"refreshToken":"<refreshToken>"}'
 *
 * Environment and Ctrl-C as in examples/shared.ts.
 */
import Fastify from 'fastify'
import { fastifySessions, frameworkErrors } from '../../src/adapters/fastify/index.js'
import { exampleSessions, serve, USERS } from '../shared.js'

const sessions = exampleSessions()
// frameworkErrors: a URL whose percent-encoding does not decode answers in the envelope too.
const app = Fastify({ frameworkErrors })
await app.register(fastifySessions, { sessions })
const { jwt } = app
const guard = jwt.loginGuard({ maxFailures: 5, window: '15m' })
const usernameOf = (body: unknown) => (body as { username?: unknown } | undefined)?.username

app.post('/login', { preHandler: guard.preHandler((request) => usernameOf(request.body)) }, async (request, reply) => {
  const { username, password } = (request.body ?? {}) as { username?: string; password?: string }
  const user = username === undefined ? undefined : USERS[username]
  if (username === undefined || user === undefined || user.password !== password) {
    await guard.fail(request)
    return reply.code(401).send({ error: { code: 'INVALID_CREDENTIALS', message: 'Wrong username or password' } })
  }
  await guard.succeed(request)
  return jwt.signIn(request, reply, username, { data: { role: user.role }, claims: { role: user.role } })
})
app.get('/me', { preHandler: jwt.auth }, async (request) => ({ user: request.user, session: request.session }))
app.post('/logout', jwt.logout)
app.post('/logout-all', { preHandler: jwt.auth }, jwt.logoutAll)
await app.register(jwt.routes(), { prefix: '/api/token' }) // /refresh, /validate, /sessions, ...

await app.ready()
serve(app.server, sessions) // app.server is Fastify's node:http server, ready to listen
