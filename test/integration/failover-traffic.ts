import { StoreUnavailableError, type Sessions, type TokenSet } from '../../src/index.js'

/** One call of the steady stream: when it started, what it was, and how it ended. */
export interface CallRecord {
  at: number
  op: 'verify' | 'refresh'
  ok: boolean
  error?: unknown
}

/**
 * A steady stream of verify and refresh calls for one session, as an app under load makes them:
 * verify the current access token, then refresh with the current refresh token and keep the new
 * pair when the call succeeds. Every outcome is recorded for the assertions.
 */
export class Traffic {
  readonly calls: CallRecord[] = []
  /** Refresh calls that resolved, each with a token never seen before. */
  rotations = 0
  private stopped = false
  private loop: Promise<void> | undefined

  constructor(
    private readonly sessions: Sessions<unknown>,
    public tokens: TokenSet,
  ) {}

  start(pauseMs = 10): this {
    const seen = new Set<string>([this.tokens.refreshToken])
    this.loop = (async () => {
      while (!this.stopped) {
        const at = Date.now()
        try {
          await this.sessions.verify(this.tokens.accessToken)
          this.calls.push({ at, op: 'verify', ok: true })
        } catch (error) {
          this.calls.push({ at, op: 'verify', ok: false, error })
        }
        const rat = Date.now()
        try {
          const next = await this.sessions.refresh(this.tokens.refreshToken)
          if (!seen.has(next.refreshToken)) this.rotations++
          seen.add(next.refreshToken)
          this.tokens = next
          this.calls.push({ at: rat, op: 'refresh', ok: true })
        } catch (error) {
          this.calls.push({ at: rat, op: 'refresh', ok: false, error })
        }
        await new Promise((r) => setTimeout(r, pauseMs))
      }
    })()
    return this
  }

  /** Resolves once `n` calls in a row have succeeded after `since` (epoch ms). */
  async healthyAgain(since: number, n = 10, timeoutMs = 15_000): Promise<number> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const after = this.calls.filter((c) => c.at >= since)
      let run = 0
      for (let i = after.length - 1; i >= 0 && after[i]!.ok; i--) run++
      if (run >= n) return after.find((c, i) => after.slice(i).every((x) => x.ok))!.at
      if (Date.now() > deadline)
        throw new Error(`calls did not recover within ${timeoutMs} ms after ${since}: ${summary(after)}`)
      await new Promise((r) => setTimeout(r, 50))
    }
  }

  async stop(): Promise<void> {
    this.stopped = true
    await this.loop
  }

  failures(): CallRecord[] {
    return this.calls.filter((c) => !c.ok)
  }

  /** Failures that are not StoreUnavailableError with code STORE_UNAVAILABLE (must be none). */
  foreignFailures(): string[] {
    return this.failures()
      .filter(
        (c) =>
          !(
            c.error instanceof StoreUnavailableError && (c.error as StoreUnavailableError).code === 'STORE_UNAVAILABLE'
          ),
      )
      .map(
        (c) =>
          `${c.op}: ${String((c.error as Error)?.name)} ${(c.error as { code?: string })?.code} ${(c.error as Error)?.message}`,
      )
  }
}

function summary(calls: CallRecord[]): string {
  const by = new Map<string, number>()
  for (const c of calls) {
    const k = c.ok ? `${c.op} ok` : `${c.op} ${(c.error as { code?: string })?.code ?? (c.error as Error)?.message}`
    by.set(k, (by.get(k) ?? 0) + 1)
  }
  return JSON.stringify(Object.fromEntries(by))
}
