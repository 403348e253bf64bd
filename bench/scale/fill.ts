import type { Sessions, TokenSet } from '../../src/index.js'
import { newSessionKey } from '../../src/sessions/session-id.js'
import { hashSecret, newSecret } from '../../src/tokens/refresh-token.js'
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
 * Fills through the real path: `sessions.create(userId)` (JWT signing, refresh secret, the create
 * script), many calls in flight so node-redis pipelines them.
 */
export async function fill(sessions: Sessions, p: FillPlan, log: Log): Promise<Filled> {
  const tokens: TokenSet[] = []
  let next = p.from
  let done = 0
  const total = p.to - p.from
  const started = performance.now()
  let lastLog = started
  const worker = async () => {
    while (next < p.to) {
      const i = next++
      const t = await sessions.create(`${p.userPrefix}${Math.floor(i / p.perUser)}`)
      done++
      if (tokens.length < p.sample) tokens.push(t)
      else {
        const j = Math.floor(Math.random() * done)
        if (j < p.sample) tokens[j] = t
      }
      const now = performance.now()
      if (now - lastLog > 10_000) {
        lastLog = now
        log(`scale: filled ${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} (${Math.round(done / ((now - started) / 1000))}/s)`)
      }
    }
  }
  await Promise.all(Array.from({ length: p.concurrency ?? 256 }, worker))
  const seconds = (performance.now() - started) / 1000
  return { seconds, perSecond: total / seconds, tokens }
}

/**
 * Bulk fill through the store itself: the same `store.create` call (one EVALSHA of the create
 * script) that `sessions.create` makes, with inputs made by the library's own helpers, minus the
 * access token signing and the refresh token string nobody will present. Same bytes in Redis,
 * about twice the rate; the sampled sessions that are verified later come from `fill`.
 */
export async function fillStore(sessions: Sessions, p: Omit<FillPlan, 'sample'>, log: Log): Promise<Omit<Filled, 'tokens'>> {
  const { store, config } = sessions
  const life = { idleTtlMs: config.refreshTokenTtlMs, graceMs: config.refreshReuseGraceMs }
  let next = p.from
  let done = 0
  const total = p.to - p.from
  const started = performance.now()
  let lastLog = started
  const worker = async () => {
    while (next < p.to) {
      const i = next++
      const now = Date.now()
      await store.create(
        {
          userId: `${p.userPrefix}${Math.floor(i / p.perUser)}`,
          key: newSessionKey(),
          refreshHash: hashSecret(newSecret()),
          now,
          absoluteExpiresAt: now + config.sessionTtlMs,
          maxSessions: config.maxSessionsPerUser,
        },
        life,
      )
      done++
      const t = performance.now()
      if (t - lastLog > 10_000) {
        lastLog = t
        log(`scale: filled ${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} (${Math.round(done / ((t - started) / 1000))}/s)`)
      }
    }
  }
  await Promise.all(Array.from({ length: p.concurrency ?? 256 }, worker))
  const seconds = (performance.now() - started) / 1000
  return { seconds, perSecond: total / seconds }
}
