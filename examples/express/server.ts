/**
 * jwt-sessions on Express 5: `npx tsx examples/express/server.ts`, then
 *
 *   curl -X POST 'localhost:3000/login' -H 'content-type: application/json' -d '{"username":"ada","password":"demo"}'
 *   curl localhost:3000/me -H "authorization: Bearer <accessToken>"
 *   curl -X POST localhost:3000/api/token/refresh -H 'content-type: application/json' -d '{"refreshToken":"<refreshToken>"}'
 *
 * Environment and Ctrl-C as in examples/shared.ts. The demo (`npm start`) is the same adapter with
 * a browser page, cookies and the TokenManager.
 */
import { createServer } from 'node:http'
import express from 'express'
import { expressSessions } from '../../src/adapters/express/index.js'
import { exampleSessions, serve, USERS } from '../shared.js'

const sessions = exampleSessions()
const jwt = expressSessions(sessions)
const guard = jwt.loginGuard({ maxFailures: 5, window: '15m' })

const app = express()
app.use(express.json()) // its errors (bad JSON, too large) answer in the envelope through errorHandler()
app.post(
  '/login',
  guard.middleware((req) => req.body?.username), // 429 after too many failures
  async (req, res) => {
    const { username, password } = (req.body ?? {}) as { username?: unknown; password?: unknown }
    const user = typeof username === 'string' ? USERS[username] : undefined
    if (typeof username !== 'string' || user === undefined || user.password !== password) {
      await guard.fail(req)
      res.status(401).json({ error: { code: 'INVALID_CREDENTIALS', message: 'Wrong username or password' } })
      return
    }
    await guard.succeed(req)
    res.json(await jwt.signIn(req, res, username, { data: { role: user.role }, claims: { role: user.role } }))
  },
)
app.get('/me', jwt.auth, (req, res) => res.json({ user: req.user, session: jwt.sessionOf(req) }))
app.post('/logout', jwt.logout)
app.post('/logout-all', jwt.auth, jwt.logoutAll)
app.use('/api/token', jwt.routes()) // /refresh, /validate, /sessions, ...
app.use(jwt.errorHandler())

serve(createServer(app), sessions)
