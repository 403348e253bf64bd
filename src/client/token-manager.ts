/**
 * The browser `TokenManager`: keeps a session's access token fresh (proactively before expiry and
 * reactively on a 401 `TOKEN_EXPIRED`), with one refresh at a time per tab and across tabs.
 */
import { codeOf, failure, withAuth } from './http.js'
import { resolveOptions, type Config } from './options.js'
import { g } from './platform.js'
import { makeState, type State } from './state.js'
import type { LoginTokens, TokenInfo, TokenManagerEvents, TokenManagerOptions } from './types.js'

type Ev = keyof TokenManagerEvents
type End = 'logout' | 'sessionExpired'
type Msg = { t: 's'; s: State; n?: boolean } | { t: 'o'; ev: End; code: string } | { t: 'h' }

/** After broadcasting a refresh the holder keeps the lock this long, so waiting tabs see the result. */
const HOLD_MS = 100

/**
 * Keeps the browser signed in against a jwt-sessions server. See docs/browser-client.md.
 *
 * @example
 * ```ts
 * const tm = new TokenManager({ baseUrl: '/api/token', logoutUrl: '/api/logout' })
 * tm.login(await (await fetch('/api/login', { method: 'POST', body })).json())
 * tm.on('sessionExpired', () => showSignIn())
 * const res = await tm.makeAuthenticatedRequest('/api/profile')
 * ```
 */
export class TokenManager {
  private s: State | null
  private p: Promise<boolean> | null = null
  private timer: unknown
  private fails = 0
  /** Set while `logout()` talks to the server: whatever ends the session then is a logout. */
  private leaving = false
  private jitter = Math.random()
  private readonly waits = new Set<() => void>()
  private readonly fns = new Map<Ev, Set<(payload: never) => void>>()
  private readonly c: Readonly<Config>
  private readonly wake = (): void => {
    this.fails = 0
    // Back online or visible again: a refresh waiting out a network backoff retries now.
    for (const done of [...this.waits]) done()
    this.check()
  }

  constructor(options: TokenManagerOptions = {}) {
    this.c = resolveOptions(options)
    this.s = this.read()
    const ch = this.c.channel
    if (ch) ch.onmessage = (e) => this.onMessage(e.data as Msg)
    if (!this.s && this.c.perTab) this.post({ t: 'h' })
    g.document?.addEventListener('visibilitychange', this.wake)
    g.addEventListener?.('online', this.wake)
    this.schedule()
  }

  /** True while this tab holds a session (its access token may be due for refresh). */
  isAuthenticated(): boolean {
    return this.s !== null
  }

  /** Header mode: the access token, or null if there is none or it has expired. Cookie mode: null. */
  getAccessToken(): string | null {
    const s = this.s
    return s?.at && !(this.c.clock.now() >= s.e) ? s.at : null
  }

  /** The session's timing as this tab sees it (browser clock, ms). */
  getTokenInfo(): TokenInfo {
    const s = this.s
    const now = this.c.clock.now()
    const n = (v: number | undefined) => (s && v !== undefined && Number.isFinite(v) ? v : null)
    const due = s ? this.dueAt(s) : NaN
    return {
      isAuthenticated: !!s,
      mode: this.c.header ? 'header' : 'cookie',
      expiresAt: n(s?.e),
      timeUntilExpiry: n(s ? s.e - now : undefined),
      refreshAt: n(due),
      needsRefresh: !!s && now >= due,
      clockOffset: n(s?.o),
      sessionId: s?.sid ?? null,
      userId: s?.uid ?? null,
    }
  }

  /**
   * Starts a session from the server's sign-in answer (a TokenSet, seed 004's `data`, or either in a
   * `{ success, data }` envelope) and tells the other tabs.
   */
  login(tokens: LoginTokens): void {
    const prev = this.s ?? this.read()
    const s = makeState(tokens, this.c.clock.now(), NaN, prev && ({ g: prev.g } as State), this.c.header)
    if (this.c.header && !s.at && !s.rt) throw new TypeError('login() needs an accessToken or a refreshToken in header mode')
    this.use(s, false, 'login')
  }

  /** Ends the session: on the server when `logoutUrl` is set, then here and in every other tab. */
  async logout(): Promise<void> {
    const url = this.c.logoutUrl
    this.leaving = true
    try {
      if (this.s && url) await this.makeAuthenticatedRequest(url, { method: 'POST' })
    } catch {
      // Offline or server down: the session still ends here, and the server's lifetimes end it there.
    } finally {
      this.leaving = false
    }
    this.end('logout')
  }

  /**
   * Refreshes now (sharing a refresh already in flight here or in another tab). Resolves `true` when
   * a fresh access token is in place, `false` when there is no session (or the server ended it);
   * rejects after bounded retries on network errors, 5xx or 429.
   */
  refreshAccessToken(): Promise<boolean> {
    return this.refresh(this.s?.g)
  }

  /**
   * `fetch` with the session: adds the bearer token (header mode) or the CSRF header (cookie mode),
   * refreshes first when the token is known to have expired, and on a 401 `TOKEN_EXPIRED` refreshes
   * once and retries once. Any other 401 code ends the session (`sessionExpired`). The body must be
   * re-readable (string, FormData, Blob...) for the retry.
   */
  async makeAuthenticatedRequest(url: string, init: RequestInit = {}): Promise<Response> {
    for (let i = 0; ; i++) {
      let s = this.s
      if (s && ((this.c.header && !s.at) || this.c.clock.now() >= s.e)) {
        await this.refresh(s.g).catch(() => undefined)
        s = this.s
      }
      const res = await this.c.fetch(url, withAuth(this.c, init, s?.at))
      if (res.status !== 401 || !s || !this.s) return res
      const code = await codeOf(res)
      // Another request may have ended the session meanwhile.
      if (!code || !this.s) return res
      const raced = this.s.g !== s.g
      if (i > 0 || !raced) {
        if (code !== 'TOKEN_EXPIRED' && code !== 'TOKEN_MISSING') {
          if (!raced) this.end('sessionExpired', code)
          return res
        }
        if (i > 0 || !(await this.refresh(s.g))) return res
      }
    }
  }

  /** Seed 004's `GET {baseUrl}/session-stats/:userId` for the signed-in user; resolves its `data`. */
  async getSessionStats(): Promise<unknown> {
    const uid = this.s?.uid
    if (!uid) throw new Error('Not signed in')
    const res = await this.makeAuthenticatedRequest(`${this.c.base}/session-stats/${encodeURIComponent(uid)}`)
    const body = (await res.json().catch(() => null)) as { data?: unknown } | null
    if (!res.ok) throw failure(res.status, await codeOf(res))
    return body?.data
  }

  /**
   * Subscribes to `refreshed`, `login`, `logout`, `sessionExpired` or `error`; returns the unsubscribe
   * function.
   */
  on<K extends Ev>(event: K, fn: (payload: TokenManagerEvents[K]) => void): () => void {
    let set = this.fns.get(event)
    if (!set) this.fns.set(event, (set = new Set()))
    set.add(fn)
    return () => void set.delete(fn)
  }

  /** Stops timers and listeners and closes the channel, keeping the session (page teardown, tests). */
  destroy(): void {
    this.stop()
    g.document?.removeEventListener('visibilitychange', this.wake)
    g.removeEventListener?.('online', this.wake)
    if (this.c.channel) this.c.channel.onmessage = null
    this.c.channel?.close()
  }

  private emit<K extends Ev>(event: K, payload: TokenManagerEvents[K]): void {
    for (const fn of this.fns.get(event) ?? []) {
      try {
        ;(fn as (p: TokenManagerEvents[K]) => void)(payload)
      } catch (err) {
        // A listener's bug must not break the session logic; report it out of band.
        this.c.clock.setTimeout(() => {
          throw err
        }, 0)
      }
    }
  }

  private post(m: Msg): void {
    try {
      this.c.channel?.postMessage(m)
    } catch {
      // A closed channel: the other tabs fall back to the shared storage check.
    }
  }

  private onMessage(m: Msg): void {
    const s = this.s
    if (m.t === 'h') {
      if (s) this.post({ t: 's', s })
    } else if (m.t === 's') {
      if (!s || m.n || m.s.g > s.g) this.use(m.s, true, s && !m.n ? 'refreshed' : 'login')
    } else if (m.t === 'o') {
      this.end(m.ev, m.code, true)
    }
  }

  private read(): State | null {
    try {
      const v = JSON.parse(this.c.store.getItem(this.c.key) ?? 'null') as State | null
      if (!v || typeof v.g !== 'number') return null
      // JSON turns NaN ("unknown") into null.
      return { ...v, e: v.e ?? NaN, l: v.l ?? NaN, o: v.o ?? NaN }
    } catch {
      return null
    }
  }

  /** Installs a state (login, refresh, or one from another tab) and plans the next check. */
  private use(s: State, remote: boolean, ev: 'login' | 'refreshed'): void {
    this.s = s
    this.fails = 0
    this.jitter = Math.random()
    try {
      // The access token stays in memory; the rest is what other tabs and a reload need.
      this.c.store.setItem(this.c.key, JSON.stringify({ ...s, at: undefined }))
    } catch {
      // Quota or disabled storage: the session still works in this tab.
    }
    if (!remote) this.post({ t: 's', s, n: ev === 'login' })
    this.schedule()
    if (ev === 'login') this.emit('login', { remote })
    else this.emit('refreshed', { expiresAt: Number.isFinite(s.e) ? s.e : null, remote })
  }

  private end(kind: End, code = '', remote = false): void {
    if (!this.s) return
    const ev = this.leaving ? 'logout' : kind
    this.s = null
    this.p = null
    this.stop()
    try {
      this.c.store.removeItem(this.c.key)
    } catch {
      // Nothing to clean.
    }
    if (!remote) this.post({ t: 'o', ev, code })
    if (ev === 'logout') this.emit('logout', { remote })
    else this.emit('sessionExpired', { code, remote })
  }

  private stop(): void {
    this.c.clock.clearTimeout(this.timer)
    for (const wake of this.waits) wake()
  }

  /** When the next refresh is due (browser clock). Unknown expiry: never proactively. */
  private dueAt(s: State): number {
    if (this.c.header && !s.at) return 0
    const early = Math.min(this.c.thresholdMs, s.l / 4) * (1 + this.jitter / 5) || 0
    const due = s.e - early
    return Number.isNaN(due) ? Infinity : due
  }

  private schedule(): void {
    this.c.clock.clearTimeout(this.timer)
    const s = this.s
    if (!s || !this.c.auto || g.document?.hidden) return
    const backoff = this.fails ? Math.min(this.c.checkMs, this.c.retryMs * 2 ** (this.fails + this.c.tries)) : 0
    const wait = Math.min(this.c.checkMs, Math.max(this.dueAt(s) - this.c.clock.now(), backoff))
    this.timer = this.c.clock.setTimeout(() => this.check(), wait)
  }

  private check(): void {
    const s = this.s
    if (!s || g.document?.hidden || g.navigator?.onLine === false || this.c.clock.now() < this.dueAt(s)) {
      return this.schedule()
    }
    this.refresh(s.g).then(
      () => this.schedule(),
      () => {
        this.fails++
        this.schedule()
      },
    )
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        this.c.clock.clearTimeout(id)
        this.waits.delete(done)
        resolve()
      }
      const id = this.c.clock.setTimeout(done, ms)
      this.waits.add(done)
    })
  }

  /** One refresh at a time: callers share the one in flight; `since` is the generation they saw. */
  private refresh(since: number | undefined): Promise<boolean> {
    const s = this.s
    if (!s) return Promise.resolve(false)
    if (since !== undefined && s.g !== since) return Promise.resolve(true)
    if (this.p) return this.p
    const p = new Promise<boolean>((resolve, reject) => {
      this.c.lock(`${this.c.key}-refresh`, async () => {
        try {
          resolve(await this.locked(s.g))
        } catch (err) {
          reject(err)
        }
        if (this.s) await this.sleep(HOLD_MS)
      }).catch(reject)
    })
    this.p = p
    p.then(
      () => this.p === p && (this.p = null),
      (error: unknown) => {
        if (this.p === p) this.p = null
        if (this.s) this.emit('error', { error })
      },
    )
    return p
  }

  /** Runs under the cross-tab lock. */
  private async locked(seen: number): Promise<boolean> {
    // Re-check: another tab may have refreshed or signed out while we waited for the lock.
    const stored = this.read()
    if (!this.s) return false
    if (!stored) {
      this.end('logout', '', true)
      return false
    }
    if (stored.g !== seen) {
      if (stored.g > this.s.g) this.use({ ...stored, at: undefined }, true, 'refreshed')
      if (!this.c.header || this.s.at) return true
    }
    const s = this.s
    const res = await this.call(`${this.c.base}/refresh`, {
      method: 'POST',
      headers: withAuth(this.c, { method: 'POST', headers: { 'content-type': 'application/json' } }, undefined).headers,
      credentials: this.c.credentials,
      body: JSON.stringify(this.c.header ? { refreshToken: s.rt } : {}),
    })
    const receivedAt = this.c.clock.now()
    if (this.s !== s) return !!this.s
    if (res.ok) {
      const body = (await res.json()) as LoginTokens
      this.use(makeState(body, receivedAt, Date.parse(res.headers.get('date') ?? ''), s, this.c.header), false, 'refreshed')
      return true
    }
    const code = await codeOf(res)
    if (res.status === 401) {
      this.end('sessionExpired', code || 'TOKEN_INVALID')
      return false
    }
    throw failure(res.status, code)
  }

  /** fetch with a timeout and bounded, jittered retries on network errors, 5xx and 429. */
  private async call(url: string, init: RequestInit): Promise<Response> {
    for (let i = 0; ; i++) {
      const ctl = new AbortController()
      const timer = this.c.clock.setTimeout(() => ctl.abort(), this.c.lockMs)
      let res: Response | undefined
      let err: unknown
      try {
        res = await this.c.fetch(url, { ...init, signal: ctl.signal })
      } catch (e) {
        err = e
      }
      this.c.clock.clearTimeout(timer)
      if ((res && res.status < 500 && res.status !== 429) || i >= this.c.tries) {
        if (res) return res
        throw err
      }
      const after = Number(res?.headers.get('retry-after')) * 1000
      await this.sleep(Math.min(after > 0 ? after : this.c.retryMs * 2 ** i * (0.75 + Math.random() / 2), 60_000))
      if (!this.s) throw failure(0, 'SIGNED_OUT')
    }
  }
}
