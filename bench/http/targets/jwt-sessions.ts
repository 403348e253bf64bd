import express from 'express'
import { expressSessions } from '../../../src/adapters/express/index.js'
import type { SessionsOptions } from '../../../src/index.js'
import { USER, type Target } from '../types.js'
import { benchSessions } from './engine.js'

/**
 * jwt-sessions as its README mounts it: `createSessions` on `redisStore({ url })` (the node-redis
 * connection it opens itself), default options, and `jwt.auth` on the route. Header mode sends
 * `Authorization: Bearer`; cookie mode signs in through `jwt.signIn` and sends back the access
 * token cookie it set, as a browser would. `extra` adds engine options (the telemetry rows).
 */
export async function setupJwtSessions(
  redisUrl: string,
  mode: 'header' | 'cookie',
  extra: Partial<SessionsOptions> = {},
): Promise<Target> {
  const sessions = benchSessions(redisUrl, 'bench-jwts:', extra)
  const jwt =
    mode === 'header' ? expressSessions(sessions) : expressSessions(sessions, { cookies: true, tokenFrom: ['cookie'] })
  const app = express()
  app.get('/me', jwt.auth, (req, res) => {
    res.json({ ok: true, user: (req as unknown as { user: { id: string } }).user.id })
  })
  if (mode === 'header') {
    const { accessToken } = await sessions.create(USER)
    return {
      listener: app,
      path: '/me',
      headers: { authorization: `Bearer ${accessToken}` },
      close: () => sessions.close(),
    }
  }
  app.post('/login', async (req, res, next) => {
    try {
      await jwt.signIn(req, res, USER)
      res.json({ ok: true })
    } catch (err) {
      next(err)
    }
  })
  const srv = app.listen(0, '127.0.0.1')
  await new Promise((r) => srv.once('listening', r))
  const addr = srv.address()
  const resp = await fetch(`http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/login`, {
    method: 'POST',
  })
  await new Promise((r) => srv.close(r))
  const cookies = resp.headers.getSetCookie().map((c) => c.split(';')[0] ?? '')
  const access = cookies.find((c) => c.includes('-at='))
  if (resp.status !== 200 || !access)
    throw new Error(`jwt-sessions signIn gave no access token cookie (${resp.status}: ${cookies.join(', ')})`)
  return { listener: app, path: '/me', headers: { cookie: access }, close: () => sessions.close() }
}
