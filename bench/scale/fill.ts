import type { Sessions, TokenSet } from '../../src/index.js'
import type { Log } from '../lib/part.js'

export interface FillPlan {
  /** User ids are `${userPrefix}${n}`. */
  userPrefix: string
  /** First and one-past-last session index; session i belongs to user floor(i / perUser). */
  from: number
  to: number
  perUser: number
  /** Token sets kept (uniform reservoir sample) for later verification. */
  sample: number
  /** Calls in flight; node-redis pipelines them on its one connection. */
  concurrency?: number
}

export interface Filled {
  seconds: number
  perSecond: number
  tokens: TokenSet[]
}

/**
 * Runs `one(i)` for every session index of the plan with `concurrency` calls in flight (node-redis
 * pipelines them on its one connection), logging progress every 10 s.
 */
async function runFill(
  p: FillPlan,
  log: Log,
  one: (i: number) => Promise<void>,
): Promise<{ seconds: number; perSecond: number }> {
  let next = p.from
  let done = 0
  const total = p.to - p.from
  const started = performance.now()
  let lastLog = started
  const worker = async () => {
    while (next < p.to) {
      await one(next++)
      done++
      const t = performance.now()
      if (t - lastLog > 10_000) {
        lastLog = t
        log(
          `scale: filled ${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} (${Math.round(done / ((t - started) / 1000))}/s)`,
        )
      }
    }
  }
  await Promise.all(Array.from({ length: p.concurrency ?? 256 }, worker))
  const seconds = (performance.now() - started) / 1000
  return { seconds, perSecond: total / seconds }
}

/**
 * Fills through the real path: `sessions.create(userId)` (JWT signing, refresh secret, the create
 * script), many calls in flight so node-redis pipelines them.
 */
export async function fill(sessions: Sessions, p: FillPlan, log: Log): Promise<Filled> {
  const tokens: TokenSet[] = []
  let seen = 0
  const timing = await runFill(p, log, async (i) => {
    const t = await sessions.create(`${p.userPrefix}${Math.floor(i / p.perUser)}`)
    seen++
    // Uniform reservoir sample of the token sets, for later verification.
    if (tokens.length < p.sample) tokens.push(t)
    else {
      const j = Math.floor(Math.random() * seen)
      if (j < p.sample) tokens[j] = t
    }
  })
  return { ...timing, tokens }
}
