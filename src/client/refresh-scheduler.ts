/**
 * When to refresh: the proactive timer (before the access token expires, re-checked at least every
 * `checkInterval`), the back-off after failed attempts, and cancellable waits.
 */
import type { Config } from './options.js'
import { g } from './platform.js'
import type { State } from './state.js'

/** Plans the next check of one TokenManager; `onDue` runs when it fires. */
export class RefreshScheduler {
  private timer: unknown
  private failures = 0
  /** 0..1, drawn per session state: tabs sharing a session do not all refresh at the same instant. */
  private jitter = Math.random()
  /** Pending {@link sleep}s, woken early by {@link wake} and {@link stop}. */
  private readonly sleepers = new Set<() => void>()

  constructor(
    private readonly config: Readonly<Config>,
    private readonly onDue: () => void,
  ) {}

  /** A new session state: no failures to back off from, a new jitter. */
  restart(): void {
    this.failures = 0
    this.jitter = Math.random()
  }

  /** A proactive refresh failed: the next one backs off. */
  failed(): void {
    this.failures++
  }

  /** Back online or visible again: forget the back-off, and a wait for a retry ends now. */
  wake(): void {
    this.failures = 0
    for (const done of [...this.sleepers]) done()
  }

  /** When the next refresh is due (browser clock). Unknown expiry: never proactively. */
  dueAt(s: State): number {
    const c = this.config
    if (c.header && !s.at) return 0
    const early = Math.min(c.thresholdMs, s.l / 4) * (1 + this.jitter / 5) || 0
    const due = s.e - early
    return Number.isNaN(due) ? Infinity : due
  }

  /** True when a refresh of `s` should run now (due, and the page visible and online). */
  isDue(s: State): boolean {
    return !(g.document?.hidden || g.navigator?.onLine === false || this.config.clock.now() < this.dueAt(s))
  }

  /** Plans the next check of `s` (none without a session, with autoRefresh off, or while hidden). */
  plan(s: State | null): void {
    const c = this.config
    c.clock.clearTimeout(this.timer)
    if (!s || !c.auto || g.document?.hidden) return
    const backoff = this.failures ? Math.min(c.checkMs, c.retryMs * 2 ** (this.failures + c.tries)) : 0
    const wait = Math.min(c.checkMs, Math.max(this.dueAt(s) - c.clock.now(), backoff))
    this.timer = c.clock.setTimeout(this.onDue, wait)
  }

  /** Cancels the timer and ends every pending wait. */
  stop(): void {
    this.config.clock.clearTimeout(this.timer)
    for (const done of this.sleepers) done()
  }

  /** Resolves after `ms`, or earlier on {@link wake} / {@link stop}. */
  sleep(ms: number): Promise<void> {
    const clock = this.config.clock
    return new Promise((resolve) => {
      const done = (): void => {
        clock.clearTimeout(id)
        this.sleepers.delete(done)
        resolve()
      }
      const id = clock.setTimeout(done, ms)
      this.sleepers.add(done)
    })
  }
}
