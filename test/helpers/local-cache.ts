import { afterAll, beforeAll, expect } from 'vitest'
import { createSessions, type RedisStoreOptions, redisStore, type Sessions, type TokenSet } from '../../src/index.js'
import { codeOf } from './code-of.js'
import { ask, info, waitUntil } from './cluster.js'
import type { SessionsProcess } from './sessions-process.js'

/** EVALSHA + EVAL calls a Redis has served (INFO commandstats). */
export async function scriptCalls(port: number): Promise<number> {
  const stats = await info(port, 'commandstats')
  return ['evalsha', 'eval'].reduce((n, c) => n + Number(/calls=(\d+)/.exec(stats[`cmdstat_${c}`] ?? '')?.[1] ?? 0), 0)
}

/**
 * Verifies `token` in `p` until one verify costs Redis no script call (it was answered from the
 * local cache): proves the cache is on before a test changes the session behind its back. Only
 * meaningful when nothing else runs scripts on that Redis meanwhile.
 */
export async function warm(p: SessionsProcess, port: number, token: string, tries = 80): Promise<void> {
  for (let i = 0; i < tries; i++) {
    const before = await scriptCalls(port)
    const refusal = await p.refusal(token)
    if (refusal) throw new Error(`warm: the token was refused (${refusal})`)
    if ((await scriptCalls(port)) === before) return
    await new Promise((r) => setTimeout(r, 25))
  }
  throw new Error('warm: verify never answered from the local cache')
}

/** Kills every connection in client-tracking BCAST mode (the caches' invalidation channels). */
export async function killTrackingConnections(port: number): Promise<number> {
  const list = String(await ask(port, ['CLIENT', 'LIST']))
  const ids = list
    .split('\n')
    .filter((l) => / flags=\S*B/.test(l))
    .map((l) => /id=(\d+)/.exec(l)?.[1])
    .filter((id): id is string => id !== undefined)
  for (const id of ids) await ask(port, ['CLIENT', 'KILL', 'ID', id])
  return ids.length
}

/** What {@link revokeAcrossFailover} needs: the engine with the cache, and one without. */
interface FailoverSides {
  cached: Pick<Sessions, 'verify'>
  writer: Pick<Sessions, 'revoke'>
}

/**
 * The failover check shared by the Cluster and Sentinel suites, once the master of `token`'s session
 * is dead: the cached side stops answering within `bypassMs`; after `promoted()` the writer revokes
 * the session on the new master, and the cached side answers again with that revocation, never with
 * the copy it held before.
 */
export async function revokeAcrossFailover(
  { cached, writer }: FailoverSides,
  token: Pick<TokenSet, 'accessToken' | 'sessionId'>,
  promoted: () => Promise<unknown>,
  { bypassMs, failoverMs }: { bypassMs: number; failoverMs: number },
): Promise<void> {
  const answer = () => codeOf(cached.verify(token.accessToken))
  await waitUntil('the cache is bypassed', async () => (await answer()) === 'STORE_UNAVAILABLE', bypassMs)
  await promoted()
  const revoked = () =>
    writer.revoke(token.sessionId).then(
      () => true,
      () => false,
    )
  await waitUntil('the writer reaches the new master', revoked, failoverMs)
  await waitUntil('the cached side answers again', async () => (await answer()) !== 'STORE_UNAVAILABLE', failoverMs)
  expect(await answer()).toBe('SESSION_REVOKED')
}

/**
 * Two engines on the same Redis, as two app instances would be: `cached` with the local cache (a
 * 100 ms heartbeat, so a dead link is seen quickly), `writer` without. Store warnings are muted.
 */
export function cacheAndWriter(store: RedisStoreOptions): { cached: Sessions; writer: Sessions } {
  const secret = 'local-cache-failover-secret-of-32-bytes!'
  const options = { ...store, logger: { warn: () => undefined } }
  return {
    cached: createSessions({ store: redisStore(options), secret, localCache: { heartbeat: '100ms' } }),
    writer: createSessions({ store: redisStore(options), secret }),
  }
}

/** A failover suite's world: the harness and the two engines of {@link cacheAndWriter}. */
export interface FailoverPair<H> {
  h: H
  cached: Sessions
  writer: Sessions
}

/**
 * Registers the hooks that start the harness `start` makes and the two engines on it (their store
 * options from `store(h)`), and close all of it after the file. Read the fields inside tests.
 */
export function useFailoverPair<H extends { dispose(): Promise<void> }>(
  start: () => Promise<H>,
  store: (h: H) => RedisStoreOptions,
): FailoverPair<H> {
  const pair = {} as FailoverPair<H>
  beforeAll(async () => {
    pair.h = await start()
    Object.assign(pair, cacheAndWriter(store(pair.h)))
  }, 120_000)
  afterAll(async () => {
    await pair.cached?.close()
    await pair.writer?.close()
    await pair.h?.dispose()
  })
  return pair
}

/** Verifies `token` on `cached` until one verify costs no script call (`scripts()` counts them). */
export function answeredFromCache(cached: Pick<Sessions, 'verify'>, token: string, scripts: () => Promise<number>) {
  return waitUntil(
    'verify answers from the cache',
    async () => {
      const before = await scripts()
      await cached.verify(token)
      return (await scripts()) === before
    },
    15_000,
  )
}
