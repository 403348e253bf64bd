import { JwtSessionsError, StoreUnavailableError } from '../../errors/index.js'
import { describeRedisError } from './describe-error.js'

interface Pending {
  due: number
  reject: (err: unknown) => void
}

/**
 * Bounds calls by a deadline with one coarse interval timer for all of them instead of a timer per
 * call: a timer and its clearing per command measured as a visible share of `verify`'s CPU. A call
 * settles between `timeoutMs` and `timeoutMs + tick` (tick: a tenth of the timeout, 10-100 ms).
 * The interval runs only while calls are pending and never keeps the process alive.
 */
export class Deadlines {
  private readonly pending = new Set<Pending>()
  private timer: NodeJS.Timeout | undefined
  private readonly tickMs: number

  constructor(private readonly timeoutMs: number) {
    this.tickMs = Math.max(10, Math.min(100, Math.floor(timeoutMs / 10)))
  }

  /** Resolves like `work`, or rejects with StoreUnavailableError past the deadline; other failures become StoreUnavailableError too. */
  guard<T>(work: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const entry: Pending = { due: Date.now() + this.timeoutMs, reject }
      this.pending.add(entry)
      this.timer ??= setInterval(() => this.tick(), this.tickMs).unref()
      work.then(
        (v) => {
          this.pending.delete(entry)
          resolve(v)
        },
        (err: unknown) => {
          this.pending.delete(entry)
          reject(
            err instanceof JwtSessionsError ? err : new StoreUnavailableError(describeRedisError(err), { cause: err }),
          )
        },
      )
    })
  }

  private tick(): void {
    const now = Date.now()
    for (const p of this.pending) {
      if (p.due > now) continue
      this.pending.delete(p)
      p.reject(new StoreUnavailableError(`Redis did not answer within ${this.timeoutMs} ms`))
    }
    if (this.pending.size === 0) this.stop()
  }

  /** Stops the timer (pending calls still settle with their work). */
  stop(): void {
    if (this.timer) clearInterval(this.timer)
    this.timer = undefined
  }
}
