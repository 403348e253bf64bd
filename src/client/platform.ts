/**
 * Access to browser globals, typed locally: the client must type-check with and without the DOM
 * library, and must not crash where a global is missing (workers, tests, old browsers).
 */
import type { ClockLike, LockLike, StorageLike } from './types.js'

interface WebLocks {
  request<T>(name: string, opts: { signal?: AbortSignal; steal?: boolean }, fn: () => Promise<T>): Promise<T>
}

/** The browser globals the client reads; every one may be missing. */
export interface BrowserGlobals {
  document?: {
    hidden?: boolean
    cookie?: string
    addEventListener(type: string, fn: () => void): void
    removeEventListener(type: string, fn: () => void): void
  }
  navigator?: { locks?: WebLocks; onLine?: boolean }
  addEventListener?: (type: string, fn: () => void) => void
  removeEventListener?: (type: string, fn: () => void) => void
  localStorage?: StorageLike
  sessionStorage?: StorageLike
  BroadcastChannel?: new (name: string) => { postMessage(m: unknown): void; close(): void }
}

/** `globalThis` seen through {@link BrowserGlobals}. */
export const g = globalThis as unknown as BrowserGlobals

/** The default clock: `Date.now` and the global timers, looked up at call time (fake timers work). */
export const systemClock: ClockLike = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (id) => clearTimeout(id as Parameters<typeof clearTimeout>[0]),
}

/** Web storage that may throw (Safari private mode, disabled cookies) becomes `undefined`. */
export function webStorage(kind: 'localStorage' | 'sessionStorage'): StorageLike | undefined {
  try {
    const s = g[kind]
    s?.getItem('')
    return s
  } catch {
    return undefined
  }
}

/** A storage that keeps nothing beyond this page. */
export function memoryStorage(): StorageLike {
  const m = new Map<string, string>()
  return { getItem: (k) => m.get(k) ?? null, setItem: (k, v) => void m.set(k, v), removeItem: (k) => void m.delete(k) }
}

/** Reads one cookie from `document.cookie` (the CSRF token is the only readable one). */
export function readCookie(name: string): string | null {
  for (const part of (g.document?.cookie ?? '').split(';')) {
    const i = part.indexOf('=')
    if (part.slice(0, i).trim() === name) return decodeURIComponent(part.slice(i + 1).trim())
  }
  return null
}

/** Resolves after `ms`, on the given clock. */
export const sleep = (clock: ClockLike, ms: number): Promise<void> =>
  new Promise((resolve) => clock.setTimeout(resolve, ms))

/**
 * A Web Lock with a timeout. If the holder does not let go within `timeoutMs` (a frozen background
 * tab keeps its locks), the lock is stolen: the frozen holder's work is abandoned, which is safe
 * because the stored state is re-read after the lock is taken.
 */
export function webLock(locks: WebLocks, clock: ClockLike, timeoutMs: number): LockLike {
  return (name, fn) => {
    const ctl = new AbortController()
    let held = false
    const timer = clock.setTimeout(() => ctl.abort(), timeoutMs)
    const run = () => {
      held = true
      clock.clearTimeout(timer)
      return fn()
    }
    return locks.request(name, { signal: ctl.signal }, run).catch((err: unknown) => {
      if (held) throw err
      return locks.request(name, { steal: true }, run)
    })
  }
}

/**
 * Fallback where Web Locks are missing: a lease in shared storage. Write, wait, read back: whoever
 * still owns the key after the pause holds the lock. A lease older than `timeoutMs` is taken over, so
 * a closed or frozen tab cannot block the others; past `timeoutMs` of waiting we go ahead anyway (the
 * server's reuse grace makes a rare double refresh harmless).
 */
export function leaseLock(storage: StorageLike, clock: ClockLike, timeoutMs: number): LockLike {
  return async (name, fn) => {
    const id = Math.random().toString(36).slice(2)
    const owner = () => {
      try {
        return JSON.parse(storage.getItem(name) ?? 'null') as { id: string; until: number } | null
      } catch {
        return null
      }
    }
    const giveUp = clock.now() + timeoutMs
    while (clock.now() < giveUp) {
      const cur = owner()
      if (!cur || cur.until < clock.now()) {
        storage.setItem(name, JSON.stringify({ id, until: clock.now() + timeoutMs }))
        await sleep(clock, 25)
        if (owner()?.id === id) break
      }
      await sleep(clock, 40 + Math.random() * 40)
    }
    try {
      return await fn()
    } finally {
      if (owner()?.id === id) storage.removeItem(name)
    }
  }
}
