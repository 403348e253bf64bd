import { getRequestListener } from '@hono/node-server'
import { Hono } from 'hono'
import { honoSessions } from '../../../src/adapters/hono/index.js'
import { USER, type SetupTarget } from '../types.js'
import { benchSessions } from './engine.js'

/** jwt-sessions as docs/hono.md mounts it: `hjwt.auth` on the route, header mode, on @hono/node-server. */
export const auth: SetupTarget = async (redisUrl) => {
  const sessions = benchSessions(redisUrl, 'bench-jwts-hono:')
  const hjwt = honoSessions(sessions)
  const app = new Hono().get('/me', hjwt.auth, (c) => c.json({ ok: true, user: c.get('user').id }))
  const { accessToken } = await sessions.create(USER)
  const listener = getRequestListener(app.fetch)
  return { listener, path: '/me', headers: { authorization: `Bearer ${accessToken}` }, close: () => sessions.close() }
}
