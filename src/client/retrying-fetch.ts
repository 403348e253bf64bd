/**
 * `fetch` for the refresh call: a timeout per attempt and bounded, jittered retries on network
 * errors, 5xx and 429 (honouring `Retry-After`).
 */
import { failure } from './http.js'
import type { Config } from './options.js'

/** What a retry loop needs from its owner. */
export interface RetryHost {
  /** Waits between attempts (cancellable by the owner). */
  sleep(ms: number): Promise<void>
  /** False once the session ended: no point retrying. */
  signedIn(): boolean
}

/** The retry host of a session owner that can tell whether it is still signed in. */
export function retryHost(owner: { sleep(ms: number): Promise<void>; current(): unknown }): RetryHost {
  return { sleep: (ms) => owner.sleep(ms), signedIn: () => owner.current() !== null }
}

/** The longest wait between two attempts, whatever `Retry-After` says. */
const MAX_RETRY_WAIT_MS = 60_000

/**
 * Fetches with up to `config.tries` retries. Resolves with the last response (even a 5xx) or rejects
 * with the last network error; rejects with code `SIGNED_OUT` when the session ended meanwhile.
 */
export async function fetchWithRetries(
  config: Readonly<Config>,
  host: RetryHost,
  url: string,
  init: RequestInit,
): Promise<Response> {
  for (let attempt = 0; ; attempt++) {
    const ctl = new AbortController()
    const timer = config.clock.setTimeout(() => ctl.abort(), config.lockMs)
    let res: Response | undefined
    let err: unknown
    try {
      res = await config.fetch(url, { ...init, signal: ctl.signal })
    } catch (e) {
      err = e
    }
    config.clock.clearTimeout(timer)
    if ((res && res.status < 500 && res.status !== 429) || attempt >= config.tries) {
      if (res) return res
      throw err
    }
    const after = Number(res?.headers.get('retry-after')) * 1000
    const backoff = config.retryMs * 2 ** attempt * (0.75 + Math.random() / 2)
    await host.sleep(Math.min(after > 0 ? after : backoff, MAX_RETRY_WAIT_MS))
    if (!host.signedIn()) throw failure(0, 'SIGNED_OUT')
  }
}
