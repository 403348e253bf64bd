import type { Sessions } from '../../src/index.js'
import { userKey } from '../../src/stores/keys.js'
import { encodeRecord } from '../../src/stores/record.js'
import { newSessionKey } from '../../src/sessions/session-id.js'
import { hashSecret, newSecret } from '../../src/tokens/refresh-token.js'
import { quantile, spread, type Spread } from '../lib/stats.js'
import { info, type Admin } from './redis-info.js'

export interface PerUser {
  sessions: number
  /** ms, over `listRuns` calls. */
  list: Spread & { p99: number }
  listRuns: number
  /** ms, each on a freshly filled user. */
  revokeAll: Spread
  revokeAllRuns: number
  /** EVALSHA calls the server saw per revokeAll (round trips; nothing else runs on this server). */
  revokeAllRoundTrips: number
  /** ms of one `sessions.create` for this user with `sessions` sessions already (it prunes the user's hash). */
  createAtSize: number
}

/**
 * Writes `n` sessions for one user straight into its hash, in the library's own record encoding
 * (`encodeRecord`, the format its scripts read), 1,000 fields per HSET. Used for the large users
 * only: `sessions.create` scans the user's hash to prune expired sessions, so making 10,000 sessions
 * one create at a time costs O(n²) inside Redis.
 */
export async function writeUser(
  c: Admin,
  prefix: string,
  userId: string,
  n: number,
  idleTtlMs: number,
  sessionTtlMs: number,
): Promise<void> {
  const key = userKey(prefix, userId)
  const now = Date.now()
  for (let i = 0; i < n; i += 1000) {
    const args = ['HSET', key]
    for (let j = i; j < Math.min(n, i + 1000); j++) {
      args.push(
        newSessionKey(),
        encodeRecord({
          createdAt: now,
          lastActiveAt: now,
          absoluteExpiresAt: now + sessionTtlMs,
          generation: 0,
          refreshHash: hashSecret(newSecret()),
        }),
      )
    }
    await c.sendCommand(args)
  }
  await c.sendCommand(['PEXPIRE', key, String(idleTtlMs)])
}

const evalshaCalls = async (c: Admin) =>
  Number(/calls=(\d+)/.exec((await info(c, 'commandstats'))['cmdstat_evalsha'] ?? '')?.[1] ?? 0)

/** `list` and `revokeAll` timings for a user with `n` sessions, on a store already holding many others. */
export async function measureUser(
  sessions: Sessions,
  c: Admin,
  prefix: string,
  n: number,
  listRuns: number,
  revokeRuns: number,
): Promise<PerUser> {
  const { refreshTokenTtlMs, sessionTtlMs } = sessions.config
  const user = `many-${n}`
  const fillUser = async () => {
    if (n <= 100) for (let i = 0; i < n; i++) await sessions.create(user)
    else await writeUser(c, prefix, user, n, refreshTokenTtlMs, sessionTtlMs)
  }
  await fillUser()
  const listed = await sessions.list(user)
  if (listed.length !== n) throw new Error(`list(${user}) returned ${listed.length} sessions, expected ${n}`)
  const listMs: number[] = []
  for (let i = 0; i < listRuns; i++) {
    const t = performance.now()
    await sessions.list(user)
    listMs.push(performance.now() - t)
  }
  let t = performance.now()
  await sessions.create(user)
  const createAtSize = performance.now() - t
  await sessions.revokeAll(user)
  const revokeMs: number[] = []
  let trips = 0
  for (let i = 0; i < revokeRuns; i++) {
    await fillUser()
    const e0 = await evalshaCalls(c)
    t = performance.now()
    const gone = await sessions.revokeAll(user)
    revokeMs.push(performance.now() - t)
    trips += (await evalshaCalls(c)) - e0
    if (gone !== n) throw new Error(`revokeAll(${user}) revoked ${gone}, expected ${n}`)
  }
  return {
    sessions: n,
    list: { ...spread(listMs), p99: quantile(listMs, 0.99) },
    listRuns,
    revokeAll: spread(revokeMs),
    revokeAllRuns: revokeRuns,
    revokeAllRoundTrips: trips / revokeRuns,
    createAtSize,
  }
}
