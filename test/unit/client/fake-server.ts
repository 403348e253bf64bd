/**
 * An in-process imitation of the jwt-sessions endpoints the client talks to (seed 004's
 * `/api/token/refresh` and `/session-stats/:userId`, a protected `/api/profile`, `/api/logout`),
 * with rotation, a reuse grace, revocation, cookie mode with a CSRF token, latency and outages.
 */
import type { FakeClock } from './fakes.js'

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url')

interface Sess {
  uid: string
  rt: string
  prev?: { rt: string; at: number; successor: Issued }
  old: Set<string>
  revoked: boolean
  n: number
}
interface Issued {
  accessToken: string
  refreshToken: string
  expiresIn: number
  sessionId: string
}

export interface Call {
  url: string
  method: string
  headers: Headers
  body: string
  credentials: RequestInit['credentials']
}

export class FakeServer {
  accessTtlMs = 15 * 60_000
  graceMs = 10_000
  latencyMs = 0
  sendDate = true
  /** Cookie mode: tokens live in this "browser cookie jar", not in bodies. */
  cookieMode = false
  jar: { at?: string; rt?: string; csrf?: string } = {}
  /** Refresh requests received (successful or not). */
  refreshes = 0
  /** Requests to protected routes answered 401, by code. */
  rejected: string[] = []
  calls: Call[] = []
  /** Throw a network error for the next N requests (or while `down`). */
  failNext = 0
  down = false
  /** Answer the next N refreshes with this status (503 with Retry-After, 500...). */
  refreshStatus: { status: number; times: number; retryAfter?: number } | null = null
  private sessions = new Map<string, Sess>()
  private access = new Map<string, { sid: string; exp: number }>()
  private seq = 0

  constructor(readonly clock: FakeClock) {}

  /** Signs a user in; returns what a login route would answer (a core TokenSet). */
  login(uid = 'user-1'): Issued & { tokenType: 'Bearer'; expiresIn: number } {
    const sid = `${Buffer.from(uid).toString('base64url')}.${++this.seq}`
    const s: Sess = { uid, rt: '', old: new Set(), revoked: false, n: 0 }
    this.sessions.set(sid, s)
    const t = this.issue(sid, s)
    if (this.cookieMode) {
      this.jar = { at: t.accessToken, rt: t.refreshToken, csrf: `csrf-${sid}` }
      return { sessionId: sid, expiresIn: this.accessTtlMs / 1000, tokenType: 'Bearer' } as never
    }
    return { ...t, expiresIn: this.accessTtlMs / 1000, tokenType: 'Bearer' }
  }

  revoke(sid: string): void {
    const s = this.sessions.get(sid)
    if (s) s.revoked = true
  }

  /** The server stops recognising every access token issued so far (a signing key retired). */
  forgetAccessTokens(): void {
    this.access.clear()
  }

  sessionIds(): string[] {
    return [...this.sessions.keys()]
  }

  private issue(sid: string, s: Sess): Issued {
    const iat = Math.floor(this.clock.t / 1000)
    const exp = iat + Math.round(this.accessTtlMs / 1000)
    const accessToken = `${b64({ alg: 'HS256' })}.${b64({ sub: s.uid, sid, iat, exp, n: ++s.n })}.sig`
    const refreshToken = `rt1.${sid}.${s.n}.${Math.random().toString(36).slice(2)}`
    this.access.set(accessToken, { sid, exp: exp * 1000 })
    s.rt = refreshToken
    return { accessToken, refreshToken, expiresIn: this.accessTtlMs, sessionId: sid }
  }

  private json(status: number, body: unknown, extra: Record<string, string> = {}): Response {
    const headers: Record<string, string> = { 'content-type': 'application/json', ...extra }
    if (this.sendDate) headers.date = new Date(this.clock.t).toUTCString()
    return new Response(JSON.stringify(body), { status, headers })
  }

  private err(status: number, code: string): Response {
    return this.json(status, { error: { code, message: code } })
  }

  /** The `fetch` a TokenManager is given. */
  fetch = async (url: string, init: RequestInit = {}): Promise<Response> => {
    const headers = new Headers(init.headers)
    const call: Call = {
      url,
      method: (init.method ?? 'GET').toUpperCase(),
      headers,
      body: typeof init.body === 'string' ? init.body : '',
      credentials: init.credentials,
    }
    this.calls.push(call)
    if (this.latencyMs) await new Promise((r) => this.clock.setTimeout(() => r(undefined), this.latencyMs))
    if (this.down || this.failNext > 0) {
      this.failNext = Math.max(0, this.failNext - 1)
      throw new TypeError('Failed to fetch')
    }
    if (url === '/api/token/refresh' && call.method === 'POST') return this.refresh(call)
    const auth = this.authenticate(call)
    if (typeof auth === 'string') {
      this.rejected.push(auth)
      return this.err(401, auth)
    }
    if (url === '/api/profile') return this.json(200, { user: { id: auth.uid } })
    if (url === '/api/logout' && call.method === 'POST') {
      auth.revoked = true
      this.jar = {}
      return this.json(200, { success: true })
    }
    const m = /^\/api\/token\/session-stats\/(.+)$/.exec(url)
    if (m) {
      if (decodeURIComponent(m[1] as string) !== auth.uid) return this.err(403, 'FORBIDDEN')
      return this.json(200, { success: true, message: 'ok', data: { userId: auth.uid, activeSessions: 1 } })
    }
    return this.err(404, 'NOT_FOUND')
  }

  private authenticate(call: Call): Sess | string {
    const bearer = /^Bearer (.+)$/.exec(call.headers.get('authorization') ?? '')?.[1]
    const token = this.cookieMode ? this.jar.at : bearer
    if (this.cookieMode && call.method !== 'GET' && call.headers.get('x-csrf-token') !== this.jar.csrf) {
      return 'CSRF_FAILED'
    }
    if (!token) return 'TOKEN_MISSING'
    const a = this.access.get(token)
    const s = a && this.sessions.get(a.sid)
    if (!a || !s) return 'TOKEN_INVALID'
    if (s.revoked) return 'SESSION_REVOKED'
    // A browser drops a cookie at its Max-Age (the token's life): the server then sees no token.
    if (a.exp <= this.clock.t) return this.cookieMode ? 'TOKEN_MISSING' : 'TOKEN_EXPIRED'
    return s
  }

  private refresh(call: Call): Response {
    this.refreshes++
    if (this.refreshStatus && this.refreshStatus.times > 0) {
      this.refreshStatus.times--
      const ra = this.refreshStatus.retryAfter
      return this.json(
        this.refreshStatus.status,
        { error: { code: 'STORE_UNAVAILABLE', message: 'x' } },
        ra ? { 'retry-after': String(ra) } : {},
      )
    }
    let rt: string | undefined
    if (this.cookieMode) {
      if (call.headers.get('x-csrf-token') !== this.jar.csrf) return this.err(403, 'CSRF_FAILED')
      rt = this.jar.rt
    } else {
      rt = (JSON.parse(call.body || '{}') as { refreshToken?: string }).refreshToken
    }
    if (!rt) return this.err(401, 'TOKEN_MISSING')
    const sid = /^rt1\.(.+)\.\d+\.\w+$/.exec(rt)?.[1] ?? ''
    const s = this.sessions.get(sid)
    if (!s || s.revoked) return this.err(401, s ? 'SESSION_REVOKED' : 'TOKEN_INVALID')
    let out: Issued
    if (rt === s.rt) {
      s.old.add(rt)
      out = this.issue(sid, s)
      s.prev = { rt, at: this.clock.t, successor: out }
    } else if (s.prev && s.prev.rt === rt && this.clock.t - s.prev.at <= this.graceMs) {
      out = s.prev.successor
    } else {
      s.revoked = true
      return this.err(401, s.old.has(rt) ? 'REFRESH_TOKEN_REUSED' : 'TOKEN_INVALID')
    }
    if (this.cookieMode) {
      this.jar.at = out.accessToken
      this.jar.rt = out.refreshToken
      return this.json(200, {
        success: true,
        message: 'Token refreshed successfully',
        data: { expiresIn: this.accessTtlMs, sessionId: sid },
      })
    }
    return this.json(200, { success: true, message: 'Token refreshed successfully', data: out })
  }
}
