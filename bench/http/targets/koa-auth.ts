import Koa from 'koa'
import { koaSessions } from '../../../src/adapters/koa/index.js'
import { USER, type SetupTarget } from '../types.js'
import { benchSessions } from './engine.js'

/** jwt-sessions as docs/koa.md mounts it: `jwt.auth` in front of the route, header mode. */
export const auth: SetupTarget = async (redisUrl) => {
  const sessions = benchSessions(redisUrl, 'bench-jwts-koa:')
  const jwt = koaSessions(sessions)
  const app = new Koa()
  app.use(jwt.auth)
  app.use((ctx) => {
    if (ctx.path === '/me') ctx.body = { ok: true, user: ctx.state.user?.id }
  })
  const { accessToken } = await sessions.create(USER)
  return {
    listener: app.callback(),
    path: '/me',
    headers: { authorization: `Bearer ${accessToken}` },
    close: () => sessions.close(),
  }
}
