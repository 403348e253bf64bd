/**
 * Runs examples/fetch/app.ts on Node: `npx tsx examples/fetch/server.ts` (PORT, REDIS_URL,
 * JWT_SECRET as in examples/node). On Bun: `Bun.serve({ fetch: app })`; on Deno: `Deno.serve(app)`
 * (see docs/fetch.md for their clientIp).
 */
import { randomBytes } from 'node:crypto'
import { errorResponse, toResponse } from '../../src/adapters/fetch/index.js'
import { createSessions, redisStore } from '../../src/index.js'
import { createApp } from './app.js'
import { clientIpOf, serveFetch } from './node-bridge.js'

const secret = process.env.JWT_SECRET ?? randomBytes(32).toString('base64url')
if (process.env.JWT_SECRET === undefined)
  console.warn('warning: JWT_SECRET is not set; using a random one (sessions end on restart)')
const sessions = createSessions<{ role: string }>({
  store: redisStore({ url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' }),
  secret,
})
const app = createApp(sessions, clientIpOf)
const server = serveFetch(app, (err) => toResponse(errorResponse(err)))
server.listen(Number(process.env.PORT ?? 3000), () =>
  console.log(`listening on http://localhost:${process.env.PORT ?? 3000}`),
)
process.once('SIGINT', () => {
  server.close()
  void sessions.close()
})
