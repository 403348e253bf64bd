import { getRequestListener } from '@hono/node-server'
import { Hono } from 'hono'
import { honoSessions } from '../../../src/adapters/hono/index.js'
import { createSessions, redisStore } from '../../../src/index.js'
import { SECRET, USER, type SetupTarget } from '../types.js'

/** jwt-sessions as docs/hono.md mounts it: `hjwt.auth` on the route, header mode, on @hono/node-server. */
export const auth: SetupTarget = async (redisUrl) => {
  const sessions = createSessions({
    store: redisStore({ url: redisUrl, keyPrefix: 'bench-jwts-hono:' }),
    secret: SECRET,
  })
  const hjwt = honoSessions(sessions)
  const app = new Hono().get('/me', hjwt.auth, (c) => c.json({ ok: true, user: c.get('user').id }))
  const { accessToken } = await sessions.create(USER)
  const listener = getRequestListener(app.fetch)
  return { listener, path: '/me', headers: { authorization: `Bearer ${accessToken}` }, close: () => sessions.close() }
}
