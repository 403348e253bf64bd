/**
 * `npm start`: the demo on PORT (default 3000). Uses Redis at REDIS_URL or 127.0.0.1:6379 when one
 * answers, else the in-memory store. Environment:
 *
 * - `PORT`, `HOST` (default 127.0.0.1)
 * - `JWT_SECRET` (generated, with a warning, when unset)
 * - `REDIS_URL`
 * - `ACCESS_TOKEN_TTL` (default 15m), `REFRESH_TOKEN_TTL` (7d), `SESSION_TTL` (90d): short values for
 *   watching expiry in a browser, e.g. `ACCESS_TOKEN_TTL=30s`
 * - `AUTH_MODE` `cookie` (default) or `header`; `COOKIE_SECURE=false` to drop `Secure` on plain http
 *   hosts other than localhost
 */
import { randomBytes } from 'node:crypto'
import { createServer } from 'node:http'
import { createSessions, memoryStore, redisStore } from '../../src/index.js'
import type { SessionStore } from '../../src/stores/types.js'
import { createDemoApp, type DemoSessionData } from './app.js'
import { clientBundle } from './client-bundle.js'

/**
 * The store the demo runs on: Redis at `url` when it answers a PING through the library itself
 * within half a second, else the in-memory store.
 */
async function pickStore(url: string, keyPrefix: string): Promise<{ store: SessionStore; redis: boolean }> {
  try {
    const probe = redisStore({ url, keyPrefix, commandTimeout: '500ms', logger: { warn: () => undefined } })
    const answered = await probe.ping().then(
      () => true,
      () => false,
    )
    await probe.close()
    if (answered) return { store: redisStore({ url, keyPrefix }), redis: true }
  } catch {
    // A REDIS_URL that is not a redis:// URL: same fallback as no answer.
  }
  return { store: memoryStore(), redis: false }
}

async function main(): Promise<void> {
  const env = process.env
  let secret = env.JWT_SECRET
  if (secret === undefined || secret === '') {
    secret = randomBytes(32).toString('base64url')
    console.warn(
      'warning: JWT_SECRET is not set; using a random development secret (sessions end when the server restarts)',
    )
  }
  const redisUrl = env.REDIS_URL ?? 'redis://127.0.0.1:6379'
  const { store, redis } = await pickStore(redisUrl, env.REDIS_KEY_PREFIX ?? 'jwts-demo:')
  if (redis) console.log(`store: Redis at ${redisUrl.replace(/\/\/[^@]*@/, '//***@')}`)
  else console.log(`store: no Redis answered at ${redisUrl}; using the in-memory store (sessions are lost on restart)`)
  const sessions = createSessions<DemoSessionData>({
    store,
    secret,
    issuer: 'jwt-sessions-demo',
    audience: 'jwt-sessions-demo',
    accessTokenTtl: env.ACCESS_TOKEN_TTL ?? '15m',
    refreshTokenTtl: env.REFRESH_TOKEN_TTL ?? '7d',
    sessionTtl: env.SESSION_TTL ?? '90d',
    maxSessionsPerUser: 10,
  })
  const mode = env.AUTH_MODE === 'header' ? 'header' : 'cookie'
  let bundle: string | undefined
  try {
    bundle = await clientBundle()
  } catch (err) {
    console.warn(`warning: could not build the browser client: ${(err as Error).message}`)
  }
  const { app } = createDemoApp({ sessions, mode, secureCookies: env.COOKIE_SECURE !== 'false', clientBundle: bundle })
  const port = Number(env.PORT ?? 3000)
  const host = env.HOST ?? '127.0.0.1'
  const server = createServer(app)
  const listening = await new Promise<boolean>((resolve) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      const why =
        err.code === 'EADDRINUSE'
          ? `port ${port} on ${host} is already in use (PORT=<another port> npm start)`
          : err.message
      console.error(`demo failed to start: ${why}`)
      resolve(false)
    })
    server.listen(port, host, () => resolve(true))
  })
  if (!listening) {
    await sessions.close()
    process.exitCode = 1
    return
  }
  console.log(
    `jwt-sessions demo (${mode} mode) listening on http://${host === '127.0.0.1' ? 'localhost' : host}:${port}`,
  )
  // `npm start` execs this process (see package.json), so npm's SIGTERM / Ctrl-C reach it directly.
  const stop = (signal: string) => {
    console.log(`${signal}: shutting down`)
    server.close()
    server.closeAllConnections()
    sessions.close().then(
      () => {
        process.exitCode = 0
      },
      (err: unknown) => {
        console.error(`demo: closing the store failed: ${(err as Error).message}`)
        process.exitCode = 1
      },
    )
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

main().catch((err: unknown) => {
  console.error(`demo failed to start: ${(err as Error).message}`)
  process.exit(1)
})
