/**
 * The contract between the HTTP conformance suite and one framework adapter. A driver starts an app
 * of its framework on a free loopback port, mounts the routes below with the adapter under test, and
 * closes it. Everything else (sessions, Redis, clocks, the requests and what they must answer) is
 * the suite's. To check a new adapter completely, add one file to `drivers/` that default-exports
 * its drivers (one per framework version or variant).
 *
 * Routes (all answers JSON; `user`, `password` come from the query string so the app itself never
 * needs a body parser):
 *
 * | route | with the adapter |
 * | --- | --- |
 * | `POST /login?user=u` | `signIn(u ?? 'alice', { data: { theme: 'light' }, claims: { role: 'member' } })`, answering the returned token set |
 * | `GET /profile` | `auth`, then `{ user, session }` (the request session as JSON) |
 * | `GET /feed` | `optionalAuth`, then `{ user: user ?? null }` |
 * | `POST /theme` | `auth`; set the session data to `{ theme: 'dark' }`, `update()`, `reload()`, then `{ data, touched: await touch() }` |
 * | `POST /action` | `auth`, then `{ done: true }` |
 * | `POST /logout` | `logout` on its own |
 * | `POST /auth-logout` | `auth`, then `logout` |
 * | `POST /logout-all` | `auth`, then `logoutAll` |
 * | `POST /refresh` | `refresh` |
 * | `/api/token/*` | `routes()` mounted at `/api/token` |
 * | `POST /limited` | `rateLimit(spec.rateLimit)`, then `{ ok: true }` |
 * | `POST /guarded-login?user=u&password=p` | `loginGuard(spec.loginGuard)` checked for `u`; `p === 'right'`: `succeed`, then `{ ok: true }`; else `fail`, then 401 `{ error: { code: 'BAD_CREDENTIALS', message } }` |
 *
 * Any other path: 404 (the framework's own answer is fine).
 */
import type { HttpSessionsOptions } from '../../../src/http/options.js'
import type { LoginGuardOptions } from '../../../src/http/rate-limit/login-guard.js'
import type { RateLimitOptions } from '../../../src/http/rate-limit/options.js'
import type { Sessions } from '../../../src/sessions/types.js'

/** The session data the suite uses. */
export type Data = { theme?: string }

/** What the suite asks a driver to start. */
export interface AppSpec {
  sessions: Sessions<Data>
  /** The adapter's options (the shared HTTP options). */
  options: HttpSessionsOptions
  /** Options of the limiter on `POST /limited`. */
  rateLimit: RateLimitOptions<unknown>
  /** Options of the login guard on `POST /guarded-login`. */
  loginGuard: LoginGuardOptions
}

/** A started app. */
export interface RunningApp {
  /** `http://127.0.0.1:<port>` */
  readonly base: string
  /** Stops the server (open connections too). */
  close(): Promise<void>
}

/** One framework (and version or variant) under test. */
export interface HttpDriver {
  /** Shown in the test names, e.g. `express 5 + express.json()`. */
  readonly name: string
  /**
   * True when a framework body parser runs before the adapter (then bad JSON and wrong content types
   * are that parser's to refuse, and the suite only checks that they answer in the envelope).
   */
  readonly parsesBodies?: boolean
  start(spec: AppSpec): Promise<RunningApp>
}
