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
import { existsSync } from 'node:fs'
import { connect } from 'node:net'
import { fileURLToPath } from 'node:url'
import { createSessions, memoryStore, redisStore } from '../../src/index.js'
import type { SessionStore } from '../../src/stores/types.js'
import { createDemoApp, type DemoSessionData } from './app.js'

const root = fileURLToPath(new URL('../../', import.meta.url))

/** True when something at host:port answers a PING like Redis (even if it wants a password). */
function redisAnswers(url: string, timeoutMs = 500): Promise<boolean> {
  let host = '127.0.0.1'
  let port = 6379
  try {
    const u = new URL(url)
    host = u.hostname.replace(/^\[|\]$/g, '') || host
    port = Number(u.port || 6379)
  } catch {
    return Promise.resolve(false)
  }
  return new Promise((resolve) => {
    const socket = connect({ host, port })
    const done = (ok: boolean) => {
      socket.destroy()
      resolve(ok)
    }
    socket.setTimeout(timeoutMs, () => done(false))
    socket.once('error', () => done(false))
    socket.once('connect', () => socket.write('PING\r\n'))
    socket.once('data', (d) => done(/^(\+PONG|-NOAUTH|-ERR)/.test(d.toString())))
  })
}

async function clientBundle(): Promise<string | undefined> {
  const entry = `${root}src/client/index.ts`
  if (!existsSync(entry)) return undefined
  const { build } = await import('esbuild')
  const out = await build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2020',
    write: false,
    tsconfig: `${root}src/client/tsconfig.json`,
    logLevel: 'silent',
  })
  return out.outputFiles[0]?.text
}

async function main(): Promise<void> {
  const env = process.env
  let secret = env.JWT_SECRET
  if (secret === undefined || secret === '') {
    secret = randomBytes(32).toString('base64url')
    console.warn('warning: JWT_SECRET is not set; using a random development secret (sessions end when the server restarts)')
  }
  const redisUrl = env.REDIS_URL ?? 'redis://127.0.0.1:6379'
  let store: SessionStore
  if (await redisAnswers(redisUrl)) {
    store = redisStore({ url: redisUrl, keyPrefix: env.REDIS_KEY_PREFIX ?? 'jwts-demo:' })
    console.log(`store: Redis at ${redisUrl.replace(/\/\/[^@]*@/, '//***@')}`)
  } else {
    store = memoryStore()
    console.log(`store: no Redis answered at ${redisUrl}; using the in-memory store (sessions are lost on restart)`)
  }
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
  const server = app.listen(port, host, () => {
    console.log(`jwt-sessions demo (${mode} mode) listening on http://${host === '127.0.0.1' ? 'localhost' : host}:${port}`)
  })
  const stop = () => {
    server.close()
    void sessions.close().finally(() => process.exit(0))
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

main().catch((err: unknown) => {
  console.error(`demo failed to start: ${(err as Error).message}`)
  process.exit(1)
})
