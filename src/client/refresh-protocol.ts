/**
 * The refresh itself: one at a time per tab (callers share the one in flight) and across tabs (a
 * named lock), the state re-checked after the lock is taken, then `POST {baseUrl}/refresh`.
 */
import { codeOf, failure, withAuth } from './http.js'
import type { Config } from './options.js'
import { fetchWithRetries, retryHost } from './retrying-fetch.js'
import { makeState, type State } from './state.js'
import type { SessionEnd } from './tab-channel.js'
import type { LoginTokens } from './types.js'

/** After broadcasting a refresh the holder keeps the lock this long, so waiting tabs see the result. */
const HOLD_MS = 100

/** What the refresh needs from the TokenManager that owns the session. */
export interface RefreshHost {
  /** This tab's session state, or null when signed out. */
  current(): State | null
  /** The state other tabs stored (they may have refreshed or signed out). */
  saved(): State | null
  /** Installs a new state (`remote`: it came from another tab). */
  adopt(state: State, remote: boolean): void
  /** Ends the session. */
  end(end: SessionEnd, code: string, remote: boolean): void
  /** A cancellable wait. */
  sleep(ms: number): Promise<void>
  /** A refresh failed without ending the session. */
  failed(error: unknown): void
}

/** Runs refreshes for one TokenManager. */
export class RefreshProtocol {
  private inFlight: Promise<boolean> | null = null

  constructor(
    private readonly config: Readonly<Config>,
    private readonly host: RefreshHost,
  ) {}

  /** The session ended: a refresh still running must not be shared with a later session. */
  forget(): void {
    this.inFlight = null
  }

  /**
   * Refreshes, or shares the refresh in flight. `since` is the generation the caller saw: if it has
   * changed, someone already refreshed and there is nothing to do.
   */
  run(since: number | undefined): Promise<boolean> {
    const s = this.host.current()
    if (!s) return Promise.resolve(false)
    if (since !== undefined && s.g !== since) return Promise.resolve(true)
    if (this.inFlight) return this.inFlight
    const p = new Promise<boolean>((resolve, reject) => {
      this.config
        .lock(`${this.config.key}-refresh`, async () => {
          try {
            resolve(await this.underLock(s.g))
          } catch (err) {
            reject(err)
          }
          if (this.host.current()) await this.host.sleep(HOLD_MS)
        })
        .catch(reject)
    })
    this.inFlight = p
    p.then(
      () => this.inFlight === p && (this.inFlight = null),
      (error: unknown) => {
        if (this.inFlight === p) this.inFlight = null
        if (this.host.current()) this.host.failed(error)
      },
    )
    return p
  }

  private async underLock(seen: number): Promise<boolean> {
    const { config: c, host } = this
    // Re-check: another tab may have refreshed or signed out while we waited for the lock.
    const stored = host.saved()
    const mine = host.current()
    if (!mine) return false
    if (!stored) {
      host.end('logout', '', true)
      return false
    }
    if (stored.g !== seen) {
      if (stored.g > mine.g) host.adopt({ ...stored, at: undefined }, true)
      if (!c.header || host.current()?.at) return true
    }
    const s = host.current() as State
    const headers = withAuth(c, { method: 'POST', headers: { 'content-type': 'application/json' } }, undefined).headers
    const res = await fetchWithRetries(c, retryHost(host), `${c.base}/refresh`, {
      method: 'POST',
      headers,
      credentials: c.credentials,
      body: JSON.stringify(c.header ? { refreshToken: s.rt } : {}),
    })
    const receivedAt = c.clock.now()
    if (host.current() !== s) return !!host.current()
    if (res.ok) {
      const body = (await res.json()) as LoginTokens
      const serverDate = Date.parse(res.headers.get('date') ?? '')
      host.adopt(makeState(body, receivedAt, serverDate, s, c.header), false)
      return true
    }
    const code = await codeOf(res)
    if (res.status === 401) {
      host.end('sessionExpired', code || 'TOKEN_INVALID', false)
      return false
    }
    throw failure(res.status, code)
  }
}
