import { RedisStore } from 'connect-redis'
import express from 'express'
import session from 'express-session'
import { createClient } from 'redis'
import { SECRET, USER, type SetupTarget } from '../types.js'

type WithSession = { session: { userId?: string } }
const sess = (req: unknown) => (req as WithSession).session

/**
 * The usual cookie-session alternative: express-session with connect-redis 9 on node-redis, set up
 * the common way (resave false, saveUninitialized false, one-day cookie, so each request is a GET
 * plus an EXPIRE touch).
 */
export const setup: SetupTarget = async (redisUrl) => {
  const client = createClient({ url: redisUrl, disableOfflineQueue: true })
  await client.connect()
  const app = express()
  app.use(
    session({
      store: new RedisStore({ client, prefix: 'bench-es:' }),
      secret: SECRET,
      resave: false,
      saveUninitialized: false,
      cookie: { maxAge: 24 * 3600 * 1000, httpOnly: true, sameSite: 'lax' },
    }),
  )
  app.post('/login', (req, res) => {
    sess(req).userId = USER
    res.json({ ok: true })
  })
  app.get('/me', (req, res) => {
    if (!sess(req).userId) {
      res.status(401).json({ error: { code: 'TOKEN_MISSING' } })
      return
    }
    res.json({ ok: true, user: sess(req).userId })
  })
  // Log in once through the real middleware to get a cookie the store knows.
  const srv = app.listen(0, '127.0.0.1')
  await new Promise((r) => srv.once('listening', r))
  const addr = srv.address()
  const port = typeof addr === 'object' && addr ? addr.port : 0
  const resp = await fetch(`http://127.0.0.1:${port}/login`, { method: 'POST' })
  const cookie = (resp.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
  await new Promise((r) => srv.close(r))
  if (!cookie.startsWith('connect.sid=')) throw new Error(`express-session login gave no cookie (${resp.status})`)
  return { listener: app, path: '/me', headers: { cookie }, close: () => client.close() }
}
