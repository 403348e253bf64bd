import type { RedisPort } from './port.js'

// Clocks drift slowly; re-measuring every few minutes (off the call path) follows NTP steps.
const REMEASURE_MS = 5 * 60_000

/**
 * Deadlines on Redis's own clock, for the write scripts' `check_deadline`: a write that reaches
 * Redis after its caller was told STORE_UNAVAILABLE (a stalled server reading its socket later)
 * is refused instead of applied. The offset between this process's clock and Redis's is measured
 * with one `TIME` before the first write and again every few minutes in the background, so the
 * check costs no round trip of its own. On a cluster the offset is that of the node first asked:
 * nodes whose clocks differ by more than the command timeout weaken the check, never break writes
 * that arrive in time by less than that difference.
 */
export class ServerClock {
  private offsetMs: number | undefined
  private measuredAt = 0
  private measuring: Promise<void> | undefined

  constructor(private readonly port: RedisPort) {}

  /** The Redis-clock deadline of a call starting now with `timeoutMs` to run. */
  deadline(timeoutMs: number, key: string): number | Promise<number> {
    const start = Date.now()
    if (this.offsetMs !== undefined) {
      if (start - this.measuredAt > REMEASURE_MS) void this.measure(key).catch(() => undefined)
      return start + this.offsetMs + timeoutMs
    }
    return this.measure(key).then(() => start + (this.offsetMs as number) + timeoutMs)
  }

  /** Forgets the offset (after a refusal, the clocks may have jumped). */
  reset(): void {
    this.offsetMs = undefined
  }

  private measure(key: string): Promise<void> {
    this.measuring ??= (async () => {
      try {
        const reply = await this.port.send(['TIME'], key)
        const back = Date.now()
        const [s, us] = Array.isArray(reply) ? reply : []
        const server = Number(s) * 1000 + Math.floor(Number(us) / 1000)
        if (!Number.isFinite(server)) throw new Error('TIME answered no time')
        // The server read its clock somewhere between sending and now: assume now, so that the
        // deadline errs early by at most the round trip rather than late.
        this.offsetMs = server - back
        this.measuredAt = back
      } finally {
        this.measuring = undefined
      }
    })()
    return this.measuring
  }
}
