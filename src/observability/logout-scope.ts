/**
 * Marks the calls made while an HTTP logout handler runs, so `revoke(sessionId)` from there counts
 * as `logout` rather than `admin` (a revoke by session id is otherwise an admin or device-list action).
 */
import { AsyncLocalStorage } from 'node:async_hooks'

const scope = new AsyncLocalStorage<true>()

/** Runs `fn` as part of a logout. */
export function asLogout<T>(fn: () => T): T {
  return scope.run(true, fn)
}

/** True inside {@link asLogout}. */
export function inLogout(): boolean {
  return scope.getStore() === true
}
