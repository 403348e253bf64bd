/**
 * Test doubles for the browser client: a manual clock (true time plus a browser skew), a small
 * in-process imitation of the jwt-sessions HTTP endpoints, an in-process mutex and storage.
 * Only the client is under test here; the real server is exercised by test/integration and test/e2e.
 */
import type { ClockLike, LockLike, StorageLike } from '../../../src/client/index.js'

/** Lets pending promise chains (and Node's BroadcastChannel deliveries) run. */
export async function flush(rounds = 8): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((r) => setImmediate(r))
}

/** Waits (in real time) until `cond()` holds, at most `ms`. */
export async function until(cond: () => boolean, ms = 1000): Promise<void> {
  const end = Date.now() + ms
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time')
    await new Promise((r) => setTimeout(r, 5))
  }
}

interface Timer {
  at: number
  fn: () => void
  id: number
}

/** A manual clock. `t` is true (server) time; the browser sees `t + skew`. */
export class FakeClock implements ClockLike {
  t = Date.UTC(2030, 0, 1)
  skew = 0
  private timers: Timer[] = []
  private seq = 0

  now = (): number => this.t + this.skew
  setTimeout = (fn: () => void, ms: number): unknown => {
    const id = ++this.seq
    this.timers.push({ at: this.t + Math.max(0, Number(ms) || 0), fn, id })
    return id
  }
  clearTimeout = (id: unknown): void => {
    this.timers = this.timers.filter((t) => t.id !== id)
  }

  /** Timers still pending. */
  get pending(): number {
    return this.timers.length
  }

  /** Moves true time forward by `ms`, running due timers in order and letting promises settle. */
  async advance(ms: number): Promise<void> {
    const end = this.t + ms
    for (;;) {
      await flush()
      const due = this.timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at || a.id - b.id)[0]
      if (!due) break
      this.timers = this.timers.filter((t) => t !== due)
      this.t = Math.max(this.t, due.at)
      due.fn()
    }
    this.t = end
    await flush()
  }
}

/** A Map-backed Web Storage. */
export function memStorage(): StorageLike & { map: Map<string, string> } {
  const map = new Map<string, string>()
  return {
    map,
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => void map.set(k, v),
    removeItem: (k) => void map.delete(k),
  }
}

/** An in-process named mutex, shared by the "tabs" of a test. */
export function mutex(): LockLike & { grants: number } {
  const tails = new Map<string, Promise<unknown>>()
  const lock = (<T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const prev = tails.get(name) ?? Promise.resolve()
    const run = prev.then(() => {
      lock.grants++
      return fn()
    })
    tails.set(
      name,
      run.catch(() => undefined),
    )
    return run
  }) as LockLike & { grants: number }
  lock.grants = 0
  return lock
}
