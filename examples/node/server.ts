/**
 * jwt-sessions on plain node:http, no framework: `npx tsx examples/node/server.ts`, then
 *
 *   curl -X POST 'localhost:3000/login' -H 'content-type: application/json' -d '{"username":"ada","password":"demo"}'
 *   curl localhost:3000/me -H "authorization: Bearer <accessToken>"
 *   curl -X POST localhost:3000/api/token/refresh -H 'content-type: application/json' -d '{"refreshToken":"<refreshToken>"}'
 *
 * Environment: `PORT` (3000), `REDIS_URL` (redis://127.0.0.1:6379), `JWT_SECRET` (a random one,
 * with a warning, when unset). Ctrl-C closes the server and the Redis connection, and the process exits.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { nodeSessions } from '../../src/adapters/node/index.js'
import { readJsonBody } from '../../src/http/index.js'
import { exampleSessions, serve, USERS } from '../shared.js'

const sessions = exampleSessions()
const jwt = nodeSessions(sessions)
const tokenRoutes = jwt.routes({ prefix: '/api/token' })
const guard = jwt.loginGuard({ maxFailures: 5, window: '15m' })

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))
}

async function login(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = (await readJsonBody(req, req.headers, 16 * 1024)) ?? {}
  const username = typeof body.username === 'string' ? body.username : ''
  if (!(await guard.admit(req, res, username))) return // 429 after too many failures, answered
  const user = USERS[username]
  if (user === undefined || user.password !== body.password) {
    await guard.fail(req)
    return json(res, 401, { error: { code: 'INVALID_CREDENTIALS', message: 'Wrong username or password' } })
  }
  await guard.succeed(req)
  await jwt.signIn(req, res, username, { data: { role: user.role }, claims: { role: user.role } })
}

async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (await tokenRoutes(req, res)) return // /api/token/refresh, /validate, /sessions, ...
  const path = new URL(req.url ?? '/', 'http://localhost').pathname
  if (req.method === 'POST' && path === '/login') return login(req, res)
  if (req.method === 'GET' && path === '/me') {
    const auth = await jwt.auth(req, res) // null: 401 already answered
    if (auth) json(res, 200, { user: auth.user, session: auth.session })
    return
  }
  if (req.method === 'POST' && path === '/logout') return jwt.logout(req, res)
  if (req.method === 'POST' && path === '/logout-all') {
    if (await jwt.auth(req, res)) await jwt.logoutAll(req, res)
    return
  }
  json(res, 404, { error: { code: 'NOT_FOUND', message: 'Not found' } })
}

const server = createServer((req, res) => {
  route(req, res).catch((err: unknown) => jwt.sendError(res, err))
})
serve(server, sessions)
