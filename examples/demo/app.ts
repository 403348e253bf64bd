/**
 * The demo app as a function, so tests can embed it (and count requests) and `server.ts` can run it.
 */
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import express, { type Express, type Request } from 'express'
import { expressSessions, type ExpressSessions } from '../../src/adapters/express/index.js'
import type { Sessions } from '../../src/index.js'
import { checkPassword, DEMO_CREDENTIALS } from './users.js'

/** Server-side data of a demo session. */
export interface DemoSessionData {
  name: string
  role: string
  signedInAt: number
}

/** Options of {@link createDemoApp}. */
export interface DemoAppOptions {
  sessions: Sessions<DemoSessionData>
  /** `'cookie'` (default): tokens in HttpOnly cookies with CSRF; `'header'`: tokens in JSON bodies. */
  mode?: 'cookie' | 'header'
  /** The Secure cookie attribute (default true; browsers accept it on http://localhost). */
  secureCookies?: boolean
  /** The browser client bundle served at `/assets/client.js`, when built. */
  clientBundle?: string
  /** Static files. Default `examples/demo/public`. */
  publicDir?: string
  /** Called for every request (tests count requests with it). */
  onRequest?: (req: Request) => void
}

/**
 * Builds the demo: `POST /api/login`, `GET /api/profile`, `POST /api/logout`, `POST /api/logout-all`,
 * `/api/token/*` (seed 004's endpoints and the device list), the page and the client bundle.
 *
 * @example
 * ```ts
 * const { app } = createDemoApp({ sessions })
 * app.listen(3000)
 * ```
 */
export function createDemoApp(options: DemoAppOptions): { app: Express; jwt: ExpressSessions<DemoSessionData> } {
  const { sessions } = options
  const mode = options.mode ?? 'cookie'
  const jwt = expressSessions(
    sessions,
    mode === 'cookie' ? { cookies: { secure: options.secureCookies ?? true, refreshPath: '/api/token' } } : {},
  )
  const guard = jwt.loginGuard({ maxFailures: 5, window: '15m', block: '15m' })
  const app = express()
  app.disable('x-powered-by')
  if (options.onRequest) {
    const onRequest = options.onRequest
    app.use((req, _res, next) => {
      onRequest(req)
      next()
    })
  }
  app.use(express.json({ limit: '16kb' }))

  app.get('/api/config', (_req, res) => {
    res.json({ mode, accessTokenTtlMs: sessions.config.accessTokenTtlMs, users: DEMO_CREDENTIALS })
  })

  app.post(
    '/api/login',
    guard.middleware((req) => (req.body as { username?: unknown } | undefined)?.username),
    async (req, res, next) => {
      try {
        const { username, password } = (req.body ?? {}) as { username?: unknown; password?: unknown }
        const user = checkPassword(username, password)
        if (!user) {
          await guard.fail(req)
          res
            .status(401)
            .set('cache-control', 'no-store')
            .json({ error: { code: 'INVALID_CREDENTIALS', message: 'Wrong username or password' } })
          return
        }
        await guard.succeed(req)
        const body = await jwt.signIn(req, res, user.id, {
          claims: { name: user.name, role: user.role },
          data: { name: user.name, role: user.role, signedInAt: Date.now() },
        })
        res.json(body)
      } catch (err) {
        next(err)
      }
    },
  )

  app.get('/api/profile', jwt.auth, (req, res) => {
    const session = jwt.sessionOf(req)
    res.set('cache-control', 'no-store').json({ user: req.user, session: session?.toJSON() })
  })
  app.post('/api/logout', jwt.logout)
  app.post('/api/logout-all', jwt.auth, jwt.logoutAll)
  app.use('/api/token', jwt.routes())

  app.get('/assets/client.js', (_req, res) => {
    if (options.clientBundle === undefined) {
      res.status(404).type('text/plain').send('The browser client is not built (src/client/index.ts is missing)')
      return
    }
    res.type('application/javascript').set('cache-control', 'no-cache').send(options.clientBundle)
  })
  // Browsers that ignore the page's <link rel="icon"> still ask for /favicon.ico.
  app.get('/favicon.ico', (_req, res) => res.redirect(301, '/favicon.svg'))
  const publicDir = options.publicDir ?? fileURLToPath(new URL('./public/', import.meta.url))
  if (existsSync(publicDir)) app.use(express.static(publicDir))
  app.use('/api', (_req, res) => {
    res.status(404).json({ error: { code: 'NOT_FOUND', message: 'No such endpoint' } })
  })
  app.use(jwt.errorHandler())
  return { app, jwt }
}
