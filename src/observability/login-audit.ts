/**
 * What the login guard reports when it refuses an attempt: a refusal count, and (over the limit,
 * not an outage) the `login.blocked` audit line, to the engine attached to the guard's store.
 */
import { attachedTo } from './registry.js'

/** Reports one refused login attempt. `username` is the normalised one; never a password. */
export function loginRefused(
  store: object,
  guard: string,
  storeDown: boolean,
  username: string | undefined,
  ip: string | undefined,
): void {
  const a = attachedTo(store)
  if (!a) return
  a.refusal(guard, storeDown ? 'store_unavailable' : 'limit')
  if (storeDown) return
  a.sink.log('warn', 'login.blocked', 'a login attempt was refused: too many failures', {
    audit: true,
    guard,
    username: username === undefined ? undefined : username.slice(0, 200),
    ip,
  })
}
