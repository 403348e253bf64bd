/**
 * The session state a tab holds and shares with the others. Times are on the browser's clock: they
 * are computed from durations the server states (token `exp` minus the server's "now"), never by
 * comparing the server's absolute times with the browser's clock, so a skewed clock does not matter.
 */
import { decodeClaims } from './jwt.js'
import type { LoginTokens } from './types.js'

/** One tab's view of the session. Short names: it is stored and broadcast. */
export interface State {
  /** Generation: +1 on every login and refresh, so a tab can tell whether someone refreshed. */
  g: number
  /** Access token expiry, browser clock, epoch ms (NaN if the server did not say). */
  e: number
  /** Access token lifetime, ms (NaN if unknown). */
  l: number
  /** Server clock minus browser clock, ms (NaN if unknown). */
  o: number
  /** Session id and user id, when known. */
  sid?: string | undefined
  uid?: string | undefined
  /** Header mode: access token (memory and broadcast only, never stored). */
  at?: string | undefined
  /** Header mode: refresh token. */
  rt?: string | undefined
}

/**
 * Builds the state from what the server returned at browser time `receivedAt`. `serverDate` is the
 * response's `Date` header (epoch ms, whole seconds) when known.
 *
 * @example
 * ```ts
 * const s = makeState(data, Date.now(), Date.parse(res.headers.get('date') ?? ''), prev, true)
 * ```
 */
export function makeState(
  input: LoginTokens,
  receivedAt: number,
  serverDate: number,
  prev: State | null,
  header: boolean,
): State {
  const t = input.data && typeof input.data === 'object' ? input.data : input
  const c = decodeClaims(t.accessToken)
  // The Date header is truncated to the second: +1 s errs on the early side. `iat` is never later
  // than the server's "now", so the larger of the two is the better estimate of it.
  const serverNow = Math.max(serverDate + 1000 || 0, (c?.iat ?? 0) * 1000) || NaN
  // An expired `exp` is kept as is (a repeat within the reuse grace can return an older pair): the
  // next check then refreshes with its successor refresh token.
  let left = c?.exp ? c.exp * 1000 - serverNow : NaN
  if (Number.isNaN(left) && typeof t.expiresIn === 'number') {
    left = t.tokenType ? t.expiresIn * 1000 : t.expiresIn
  }
  const life = c?.exp && c.iat ? (c.exp - c.iat) * 1000 : left
  return {
    g: (prev?.g ?? 0) + 1,
    e: receivedAt + left,
    l: life,
    o: serverNow - receivedAt,
    sid: t.sessionId ?? c?.sid ?? prev?.sid,
    uid: t.userId ?? c?.sub ?? prev?.uid,
    at: header ? t.accessToken : undefined,
    rt: header ? (t.refreshToken ?? prev?.rt) : undefined,
  }
}
