import { createServer, type RequestListener } from 'node:http'
import Fastify, { type FastifyInstance } from 'fastify'
import { fastifySessions } from '../../../src/adapters/fastify/index.js'
import { USER, type SetupTarget } from '../types.js'
import { floorCheck } from './floor-check.js'
import { benchSessions } from './engine.js'

/**
 * Fastify's whole request handling (routing, hooks, serialization) as a node:http listener: the
 * handler it would give its own server, so the bench child serves it like every other row.
 */
async function listenerOf(build: (app: FastifyInstance) => void | Promise<void>): Promise<RequestListener> {
  let listener: RequestListener | undefined
  const app = Fastify({
    serverFactory: (handler) => {
      listener = handler as RequestListener
      return createServer(handler)
    },
  })
  await build(app)
  await app.ready()
  if (listener === undefined) throw new Error('Fastify did not call serverFactory')
  return listener
}

/** The Fastify ceiling: a route that authenticates nothing. */
export const bare: SetupTarget = async () => ({
  listener: await listenerOf((app) => void app.get('/me', async () => ({ ok: true, user: USER }))),
  path: '/me',
  headers: {},
  close: async () => {},
})

/** The floor (see floor-check.ts) as a Fastify route. */
export const floor: SetupTarget = async (redisUrl) => {
  const check = await floorCheck(redisUrl)
  const listener = await listenerOf((app) => {
    app.get('/me', async (request, reply) => {
      const user = await check.check(request.headers.authorization)
      return user === undefined ? reply.code(401).send({ error: { code: 'TOKEN_INVALID' } }) : { ok: true, user }
    })
  })
  return { listener, path: '/me', headers: { authorization: `Bearer ${check.token}` }, close: check.close }
}

/** jwt-sessions as docs/fastify.md mounts it: `preHandler: app.jwt.auth`, header mode. */
export const auth: SetupTarget = async (redisUrl) => {
  const sessions = benchSessions(redisUrl, 'bench-jwts-fastify:')
  const listener = await listenerOf(async (app) => {
    await app.register(fastifySessions, { sessions })
    app.get('/me', { preHandler: app.jwt.auth }, async (request) => ({ ok: true, user: request.user?.id }))
  })
  const { accessToken } = await sessions.create(USER)
  return { listener, path: '/me', headers: { authorization: `Bearer ${accessToken}` }, close: () => sessions.close() }
}
