import { getRequestListener } from '@hono/node-server'
import { Hono } from 'hono'
import { USER, type SetupTarget } from '../types.js'
import { floorCheck } from './floor-check.js'

// The auth row lives in hono-auth.ts: these two run without the adapter.

/** The Hono ceiling on @hono/node-server: a route that authenticates nothing. */
export const bare: SetupTarget = async () => {
  const app = new Hono().get('/me', (c) => c.json({ ok: true, user: USER }))
  return { listener: getRequestListener(app.fetch), path: '/me', headers: {}, close: async () => {} }
}

/** The floor (see floor-check.ts) as a Hono route. */
export const floor: SetupTarget = async (redisUrl) => {
  const check = await floorCheck(redisUrl)
  const app = new Hono().get('/me', async (c) => {
    const user = await check.check(c.req.header('authorization'))
    return user === undefined ? c.json({ error: { code: 'TOKEN_INVALID' } }, 401) : c.json({ ok: true, user })
  })
  const listener = getRequestListener(app.fetch)
  return { listener, path: '/me', headers: { authorization: `Bearer ${check.token}` }, close: check.close }
}
