import Koa from 'koa'
import { USER, type SetupTarget } from '../types.js'
import { floorCheck } from './floor-check.js'

// The auth row lives in koa-auth.ts: these two run without the adapter.

/** The Koa ceiling: a route that authenticates nothing. */
export const bare: SetupTarget = async () => {
  const app = new Koa()
  app.use((ctx) => {
    if (ctx.path === '/me') ctx.body = { ok: true, user: USER }
  })
  return { listener: app.callback(), path: '/me', headers: {}, close: async () => {} }
}

/** The floor (see floor-check.ts) as Koa middleware. */
export const floor: SetupTarget = async (redisUrl) => {
  const check = await floorCheck(redisUrl)
  const app = new Koa()
  app.use(async (ctx) => {
    if (ctx.path !== '/me') return
    const user = await check.check(ctx.get('authorization') || undefined)
    ctx.status = user === undefined ? 401 : 200
    ctx.body = user === undefined ? { error: { code: 'TOKEN_INVALID' } } : { ok: true, user }
  })
  return {
    listener: app.callback(),
    path: '/me',
    headers: { authorization: `Bearer ${check.token}` },
    close: check.close,
  }
}
