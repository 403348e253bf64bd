/**
 * The browser `TokenManager`: keeps a session's access token fresh (proactively before expiry and
 * reactively on a 401 `TOKEN_EXPIRED`), with one refresh at a time per tab and across tabs.
 * This file is the public face; each concern lives in its own part:
 * saved-session (storage), tab-channel (cross-tab messages), refresh-scheduler (timing and back-off),
 * refresh-protocol (the locked refresh), retrying-fetch (retries), events (listeners).
 */
import { type EventName, Listeners } from './events.js'
import { codeOf, failure, withAuth } from './http.js'
import { type Config, resolveOptions } from './options.js'
import { g } from './platform.js'
import { RefreshProtocol } from './refresh-protocol.js'
import { RefreshScheduler } from './refresh-scheduler.js'
import { SavedSession } from './saved-session.js'
import { makeState, type State } from './state.js'
import { type SessionEnd, TabChannel, type TabMessage } from './tab-channel.js'
import type { LoginTokens, TokenInfo, TokenManagerEvents, TokenManagerOptions } from './types.js'

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
  private session: State | null
  /** Set while `logout()` talks to the server: whatever ends the session then is a logout. */
  private loggingOut = false
  private readonly config: Readonly<Config>
  private readonly saved: SavedSession
  private readonly tabs: TabChannel
  private readonly listeners: Listeners
  private readonly scheduler: RefreshScheduler
  private readonly refresher: RefreshProtocol
  private readonly wake = (): void => {
    // Back online or visible again: a refresh waiting out a network backoff retries now.
    this.scheduler.wake()
    this.check()
  }

  constructor(options: TokenManagerOptions = {}) {
    const c = (this.config = resolveOptions(options))
    this.saved = new SavedSession(c.store, c.key)
    this.listeners = new Listeners(c.clock)
    this.scheduler = new RefreshScheduler(c, () => this.check())
    this.refresher = new RefreshProtocol(c, {
      current: () => this.session,
      saved: () => this.saved.read(),
      adopt: (s, remote) => this.use(s, remote, 'refreshed'),
      end: (end, code, remote) => this.end(end, code, remote),
      sleep: (ms) => this.scheduler.sleep(ms),
      failed: (error) => this.listeners.emit('error', { error }),
    })
    this.session = this.saved.read()
    this.tabs = new TabChannel(c.channel, (m) => this.onMessage(m))
    if (!this.session && c.perTab) this.tabs.post({ kind: 'hello' })
    g.document?.addEventListener('visibilitychange', this.wake)
    g.addEventListener?.('online', this.wake)
    this.scheduler.plan(this.session)
  }

  /** True while this tab holds a session (its access token may be due for refresh). */
  isAuthenticated(): boolean {
    return this.session !== null
  }

  /** Header mode: the access token, or null if there is none or it has expired. Cookie mode: null. */
  getAccessToken(): string | null {
    const s = this.session
    return s?.at && !(this.config.clock.now() >= s.e) ? s.at : null
  }

  /** The session's timing as this tab sees it (browser clock, ms). */
  getTokenInfo(): TokenInfo {
    const s = this.session
    const now = this.config.clock.now()
    const n = (v: number | undefined) => (s && v !== undefined && Number.isFinite(v) ? v : null)
    const due = s ? this.scheduler.dueAt(s) : NaN
    return {
      isAuthenticated: !!s,
      mode: this.config.header ? 'header' : 'cookie',
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
    const c = this.config
    const prev = this.session ?? this.saved.read()
    const s = makeState(tokens, c.clock.now(), NaN, prev && ({ g: prev.g } as State), c.header)
    if (c.header && !s.at && !s.rt) throw new TypeError('login() needs an accessToken or a refreshToken in header mode')
    this.use(s, false, 'login')
  }

  /** Ends the session: on the server when `logoutUrl` is set, then here and in every other tab. */
  async logout(): Promise<void> {
    const url = this.config.logoutUrl
    this.loggingOut = true
    try {
      if (this.session && url) await this.makeAuthenticatedRequest(url, { method: 'POST' })
    } catch {
      // Offline or server down: the session still ends here, and the server's lifetimes end it there.
    } finally {
      this.loggingOut = false
    }
    this.end('logout')
  }

  /**
   * Refreshes now (sharing a refresh already in flight here or in another tab). Resolves `true` when
   * a fresh access token is in place, `false` when there is no session (or the server ended it);
   * rejects after bounded retries on network errors, 5xx or 429.
   */
  refreshAccessToken(): Promise<boolean> {
    return this.refresher.run(this.session?.g)
  }

  /**
   * `fetch` with the session: adds the bearer token (header mode) or the CSRF header (cookie mode),
   * refreshes first when the token is known to have expired, and on a 401 `TOKEN_EXPIRED` refreshes
   * once and retries once. Any other 401 code ends the session (`sessionExpired`). The body must be
   * re-readable (string, FormData, Blob...) for the retry.
   */
  async makeAuthenticatedRequest(url: string, init: RequestInit = {}): Promise<Response> {
    const c = this.config
    for (let attempt = 0; ; attempt++) {
      let s = this.session
      if (s && ((c.header && !s.at) || c.clock.now() >= s.e)) {
        await this.refresher.run(s.g).catch(() => undefined)
        s = this.session
      }
      const res = await c.fetch(url, withAuth(c, init, s?.at))
      if (res.status !== 401 || !s || !this.session) return res
      const code = await codeOf(res)
      // Another request may have ended the session meanwhile.
      if (!code || !this.session) return res
      const raced = this.session.g !== s.g
      if (attempt > 0 || !raced) {
        if (code !== 'TOKEN_EXPIRED' && code !== 'TOKEN_MISSING') {
          if (!raced) this.end('sessionExpired', code)
          return res
        }
        if (attempt > 0 || !(await this.refresher.run(s.g))) return res
      }
    }
  }

  /** Seed 004's `GET {baseUrl}/session-stats/:userId` for the signed-in user; resolves its `data`. */
  async getSessionStats(): Promise<unknown> {
    const uid = this.session?.uid
    if (!uid) throw new Error('Not signed in')
    const res = await this.makeAuthenticatedRequest(`${this.config.base}/session-stats/${encodeURIComponent(uid)}`)
    const body = (await res.json().catch(() => null)) as { data?: unknown } | null
    if (!res.ok) throw failure(res.status, await codeOf(res))
    return body?.data
  }

  /**
   * Subscribes to `refreshed`, `login`, `logout`, `sessionExpired` or `error`; returns the unsubscribe
   * function.
   */
  on<K extends EventName>(event: K, fn: (payload: TokenManagerEvents[K]) => void): () => void {
    return this.listeners.on(event, fn)
  }

  /** Stops timers and listeners and closes the channel, keeping the session (page teardown, tests). */
  destroy(): void {
    this.scheduler.stop()
    g.document?.removeEventListener('visibilitychange', this.wake)
    g.removeEventListener?.('online', this.wake)
    this.tabs.close()
  }

  private onMessage(m: TabMessage): void {
    const s = this.session
    if (m.kind === 'hello') {
      if (s) this.tabs.post({ kind: 'state', state: s, isLogin: false })
    } else if (m.kind === 'state') {
      if (!s || m.isLogin || m.state.g > s.g) this.use(m.state, true, s && !m.isLogin ? 'refreshed' : 'login')
    } else if (m.kind === 'ended') {
      this.end(m.end, m.code, true)
    }
  }

  /** Installs a state (login, refresh, or one from another tab) and plans the next check. */
  private use(s: State, remote: boolean, ev: 'login' | 'refreshed'): void {
    this.session = s
    this.scheduler.restart()
    this.saved.write(s)
    if (!remote) this.tabs.post({ kind: 'state', state: s, isLogin: ev === 'login' })
    this.scheduler.plan(s)
    if (ev === 'login') this.listeners.emit('login', { remote })
    else this.listeners.emit('refreshed', { expiresAt: Number.isFinite(s.e) ? s.e : null, remote })
  }

  private end(kind: SessionEnd, code = '', remote = false): void {
    if (!this.session) return
    const ev = this.loggingOut ? 'logout' : kind
    this.session = null
    this.refresher.forget()
    this.scheduler.stop()
    this.saved.clear()
    if (!remote) this.tabs.post({ kind: 'ended', end: ev, code })
    if (ev === 'logout') this.listeners.emit('logout', { remote })
    else this.listeners.emit('sessionExpired', { code, remote })
  }

  /** The scheduler's timer fired (or the page woke up): refresh if due, else plan again. */
  private check(): void {
    const s = this.session
    if (!s || !this.scheduler.isDue(s)) {
      this.scheduler.plan(s)
      return
    }
    this.refresher.run(s.g).then(
      () => this.scheduler.plan(this.session),
      () => {
        this.scheduler.failed()
        this.scheduler.plan(this.session)
      },
    )
  }
}
