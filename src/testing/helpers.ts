/** A controllable clock: the same instant for the store and the tokens. */
export function fakeClock(start = Date.now()): { now: () => number; advance: (ms: number) => void } {
  let now = start
  return { now: () => now, advance: (ms: number) => void (now += ms) }
}

/** Settles a promise to `'resolved'` or the rejection's error `code`: the suites assert on codes, not on "it threw". */
export async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p
    return 'resolved'
  } catch (err) {
    return (err as { code?: string }).code ?? String(err)
  }
}

/** A fresh user id for one test, so tests sharing a store never see each other's sessions. */
export const uid = (tag: string): string => `${tag}-${Math.random().toString(36).slice(2)}`

/**
 * Lifetimes a fake clock crosses in a few steps: a 10-minute idle window (the refresh token's life),
 * a 25-minute absolute one, and access tokens valid for an hour, so only the session can expire.
 */
export const shortLifetimes = { accessTokenTtl: '1h', refreshTokenTtl: '10m', sessionTtl: '25m' } as const
