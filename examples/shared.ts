/**
 * What every framework example does the same way, so each example shows only its framework:
 * the engine from the environment, and a server that listens on PORT and exits on Ctrl-C.
 *
 * Environment: `PORT` (3000), `REDIS_URL` (redis://127.0.0.1:6379), `JWT_SECRET` (a random one,
 * with a warning, when unset: sessions then end on restart).
 */
import { randomBytes } from 'node:crypto'
import type { Server } from 'node:http'
import { createSessions, redisStore, type Sessions } from '../src/index.js'

/** The users the examples' `POST /login` accepts. */
export const USERS: Record<string, { password: string; role: string }> = { ada: { password: 'demo', role: 'admin' } }

/** The examples' engine: sessions in the Redis at REDIS_URL, tokens signed with JWT_SECRET. */
export function exampleSessions(): Sessions<{ role: string }> {
  const secret = process.env.JWT_SECRET ?? randomBytes(32).toString('base64url')
  if (process.env.JWT_SECRET === undefined)
    console.warn('warning: JWT_SECRET is not set; using a random one (sessions end on restart)')
  return createSessions<{ role: string }>({
    store: redisStore({ url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' }),
    secret,
  })
}

/**
 * Listens on PORT (0: any free port) and says where; SIGINT or SIGTERM close the server and the engine's Redis
 * connection, and the process exits by itself.
 */
export function serve(server: Server, sessions: Pick<Sessions, 'close'>): void {
  server.listen(Number(process.env.PORT ?? 3000), () => {
    const address = server.address()
    console.log(`listening on http://localhost:${typeof address === 'object' && address ? address.port : ''}`)
  })
  const stop = () => {
    server.closeAllConnections()
    server.close()
    void sessions.close()
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}
