// One app per describe block: its own sessions (own key prefix, controlled clock) on the test Redis.
import { afterAll, beforeAll, expect } from 'vitest'
import { createSessions, redisStore } from '../../../../src/index.js'
import type { HttpSessionsOptions } from '../../../../src/http/options.js'
import type { LoginGuardOptions } from '../../../../src/http/rate-limit/login-guard.js'
import type { RateLimitOptions } from '../../../../src/http/rate-limit/options.js'
import type { SessionsOptions } from '../../../../src/config/options.js'
import type { Sessions } from '../../../../src/sessions/types.js'
import { cleanupPrefix, redisUrl, uniquePrefix } from '../../../helpers/redis.js'
import type { Data, HttpDriver, RunningApp } from '../driver.js'

export const SECRET = 'an-http-conformance-secret-of-at-least-32-bytes!'

/** What a test sees of its app. Filled in `beforeAll`. */
export interface App {
  base: string
  sessions: Sessions<Data>
  /** The session engine's and the limiters' clock, epoch ms; tests move it. */
  now: number
  post(path: string, body?: unknown, headers?: Record<string, string>): Promise<Response>
  get(path: string, token?: string): Promise<Response>
  /** Signs `user` in through `POST /login` (header mode: the token set comes in the body). */
  login(user?: string): Promise<LoginBody>
}

export interface LoginBody {
  accessToken: string
  refreshToken: string
  sessionId: string
  expiresIn: number
}

export interface AppSetup {
  /** Point the store at a port where no Redis listens (a store outage). */
  unreachableStore?: boolean
  options?: HttpSessionsOptions
  sessions?: Partial<Omit<SessionsOptions, 'store' | 'clock'>>
  rateLimit?: Partial<RateLimitOptions<unknown>>
  loginGuard?: LoginGuardOptions
}

/** Starts `driver` with `setup` for the enclosing describe block and stops it afterwards. */
export function useApp(driver: HttpDriver, setup: AppSetup = {}): App {
  const prefix = uniquePrefix('http')
  let running: RunningApp | undefined
  const app: App = {
    base: '',
    sessions: undefined as unknown as Sessions<Data>,
    now: Date.now(),
    post: (path, body, headers = {}) =>
      fetch(app.base + path, {
        method: 'POST',
        headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
    get: (path, token) =>
      fetch(app.base + path, { headers: token === undefined ? {} : { authorization: `Bearer ${token}` } }),
    async login(user = 'alice') {
      const r = await app.post(`/login?user=${encodeURIComponent(user)}`)
      expect(r.status).toBe(200)
      return (await r.json()) as LoginBody
    },
  }
  beforeAll(async () => {
    app.sessions = createSessions<Data>({
      store: setup.unreachableStore
        ? redisStore({
            url: 'redis://127.0.0.1:1',
            keyPrefix: prefix,
            commandTimeout: '300ms',
            logger: { warn: () => undefined },
          })
        : redisStore({ url: redisUrl(), keyPrefix: prefix }),
      secret: SECRET,
      accessTokenTtl: '15m',
      refreshReuseGrace: '10s',
      ...setup.sessions,
      clock: () => app.now,
    })
    // The limiter's and the guard's clock is the suite's, and their warnings are expected.
    const quiet = { window: '15m', clock: () => app.now, logger: { warn: () => undefined } }
    running = await driver.start({
      sessions: app.sessions,
      options: setup.options ?? {},
      rateLimit: { limit: 2, name: 'conformance', ...quiet, ...setup.rateLimit },
      loginGuard: { maxFailures: 3, block: '15m', ...quiet, ...setup.loginGuard },
    })
    app.base = running.base
  })
  afterAll(async () => {
    await running?.close()
    await app.sessions?.close()
    await cleanupPrefix(prefix)
  })
  return app
}

/** The `error.code` of a JSON error answer (contract or seed 004 envelope). */
export async function errorCode(r: Response): Promise<string | undefined> {
  const body = (await r.json()) as { error?: { code?: string } }
  return body.error?.code
}

/** A tiny cookie jar: name → value, honouring Max-Age=0 deletion (paths ignored on purpose). */
export class Jar {
  readonly cookies = new Map<string, string>()
  take(res: Response): string[] {
    const set = res.headers.getSetCookie()
    for (const line of set) {
      const [pair = ''] = line.split(';')
      const eq = pair.indexOf('=')
      const name = pair.slice(0, eq)
      if (/Max-Age=0/.test(line)) this.cookies.delete(name)
      else this.cookies.set(name, decodeURIComponent(pair.slice(eq + 1)))
    }
    return set
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('; ')
  }
  copy(): Jar {
    const j = new Jar()
    for (const [k, v] of this.cookies) j.cookies.set(k, v)
    return j
  }
}
