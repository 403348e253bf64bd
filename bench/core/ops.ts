import type { Sessions, TokenSet } from '../../src/index.js'

/** One operation under test: `prepare` builds its fixtures once, `run` is the timed call. */
export interface Op {
  name: string
  /** Untimed work before each call (a fresh session to revoke, say). */
  before?: () => Promise<void>
  run: () => Promise<unknown>
}

/**
 * The six operations, each on fixtures that keep its cost steady over any number of iterations:
 * create logs in a new user each time (an empty user hash, like most logins); verify and validate
 * cycle over 100 live tokens; refresh rotates 64 sessions in turn, each from its latest token;
 * revoke removes a session made (untimed) just before; list reads a user with 5 sessions.
 */
export async function makeOps(sessions: Sessions, tag: string): Promise<Op[]> {
  const pool: TokenSet[] = []
  for (let i = 0; i < 100; i++) pool.push(await sessions.create(`${tag}-v${i % 20}`))
  const chain: string[] = []
  for (let i = 0; i < 64; i++) chain.push((await sessions.create(`${tag}-r${i}`)).refreshToken)
  for (let i = 0; i < 5; i++) await sessions.create(`${tag}-list`)
  let n = 0
  let v = 0
  let r = 0
  let doomed = ''
  return [
    { name: 'create', run: () => sessions.create(`${tag}-c${n++}`) },
    { name: 'verify', run: () => sessions.verify((pool[v++ % pool.length] as TokenSet).accessToken) },
    { name: 'validate', run: () => sessions.validate((pool[v++ % pool.length] as TokenSet).accessToken) },
    {
      name: 'refresh',
      run: async () => {
        const i = r++ % chain.length
        chain[i] = (await sessions.refresh(chain[i] as string)).refreshToken
      },
    },
    {
      name: 'revoke',
      before: async () => {
        doomed = (await sessions.create(`${tag}-x${n++}`)).sessionId
      },
      run: () => sessions.revoke(doomed),
    },
    { name: 'list', run: () => sessions.list(`${tag}-list`) },
  ]
}
