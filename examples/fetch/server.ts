/**
 * Runs examples/fetch/app.ts on Node: `npx tsx examples/fetch/server.ts` (PORT, REDIS_URL,
 * JWT_SECRET as in examples/node). On Bun: `Bun.serve({ fetch: app })`; on Deno: `Deno.serve(app)`
 * (see docs/fetch.md for their clientIp).
 */
import { errorResponse, toResponse } from '../../src/adapters/fetch/index.js'
import { exampleSessions, serve } from '../shared.js'
import { createApp } from './app.js'
import { clientIpOf, serveFetch } from './node-bridge.js'

const sessions = exampleSessions()
serve(
  serveFetch(createApp(sessions, clientIpOf), (err) => toResponse(errorResponse(err))),
  sessions,
)
