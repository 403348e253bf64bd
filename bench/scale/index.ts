import { createSessions, redisStore, type Sessions, type TokenSet } from '../../src/index.js'
import { machine, machineLine } from '../lib/env.js'
import type { BenchOptions, Log, PartOutput } from '../lib/part.js'
import { BenchRedis } from '../lib/redis-server.js'
import { spread } from '../lib/stats.js'
import { fill } from './fill.js'
import { compareVerify } from './latency.js'
import { measureUser, type PerUser } from './per-user.js'
import { admin, dbsize, info, keyspace, memoryUsageSum, usedMemory, type Admin } from './redis-info.js'
import { scaleMarkdown, type Bytes, type ScaleData } from './report.js'

const SECRET = 'bench-secret-0123456789abcdef-0123456789abcdef'
const PREFIX = 'bench:'
const PER_USER = 5

interface Server {
  redis: BenchRedis
  sessions: Sessions
  admin: Admin
}

async function server(
  options: { refreshTokenTtl?: string | number; sessionTtl?: string | number } = {},
): Promise<Server> {
  const redis = await BenchRedis.start()
  const sessions = createSessions({
    store: redisStore({ url: redis.url, keyPrefix: PREFIX }),
    secret: SECRET,
    ...options,
  })
  const c = await admin(redis.url)
  // Load the scripts (their cache counts in used_memory) before the baseline is read.
  await sessions.create('warm-up')
  await sessions.list('warm-up')
  await sessions.revokeAll('warm-up')
  return { redis, sessions, admin: c }
}

async function stop(s: Server): Promise<void> {
  await s.sessions.close()
  await s.admin.close()
  await s.redis.stop()
}

async function bytes(s: Server, sessions: number, baseline: number): Promise<Bytes> {
  const usage = await memoryUsageSum(s.admin, `${PREFIX}*`)
  const used = (await usedMemory(s.admin)).used
  return {
    sessions,
    keys: usage.keys,
    memoryUsage: usage.bytes,
    perSession: usage.bytes / sessions,
    usedMemoryDelta: used - baseline,
    usedPerSession: (used - baseline) / sessions,
  }
}

/** Scale: bytes per session, verify latency at 1k vs N sessions, big users, and expiry to zero. */
export async function runScale(o: BenchOptions, log: Log): Promise<PartOutput> {
  const N = o.sessions
  const mid = Math.min(100_000, N)
  const small = await server()
  const big = await server()
  let data: Omit<ScaleData, 'expiry'>
  try {
    log('scale: 1,000 sessions on the small server')
    const smallTokens = (
      await fill(small.sessions, { userPrefix: 'user-', from: 0, to: 1000, perUser: PER_USER, sample: 1000 }, log)
    ).tokens

    const base = (await usedMemory(big.admin)).used
    log(`scale: filling the large server to ${mid.toLocaleString('en-US')} sessions (${PER_USER} per user)`)
    const f1 = await fill(big.sessions, { userPrefix: 'user-', from: 0, to: mid, perUser: PER_USER, sample: 500 }, log)
    const atMid = await bytes(big, mid, base)
    log(
      `scale: ${atMid.perSession.toFixed(1)} B/session at ${mid.toLocaleString('en-US')} (MEMORY USAGE), ${atMid.usedPerSession.toFixed(1)} B by used_memory`,
    )
    let f2 = { seconds: 0, perSecond: 0, tokens: [] as TokenSet[] }
    if (N > mid) {
      log(`scale: filling on to ${N.toLocaleString('en-US')}`)
      f2 = await fill(big.sessions, { userPrefix: 'user-', from: mid, to: N, perUser: PER_USER, sample: 500 }, log)
    }
    const atN = await bytes(big, N, base)
    const ks = await keyspace(big.admin)
    log(
      `scale: ${atN.perSession.toFixed(1)} B/session at ${N.toLocaleString('en-US')}; ${ks.keys} keys, ${ks.expires} with a TTL`,
    )

    log('scale: verify latency, 1,000 vs N sessions, alternating blocks')
    const lat = await compareVerify(
      { sessions: small.sessions, tokens: smallTokens },
      { sessions: big.sessions, tokens: [...f1.tokens, ...f2.tokens] },
      10,
      2000,
    )
    log(
      `scale: verify p99 ${lat.a.p99.toFixed(3)} ms at 1,000, ${lat.b.p99.toFixed(3)} ms at ${N.toLocaleString('en-US')}`,
    )

    const users: PerUser[] = []
    for (const [n, listRuns, revokeRuns] of [
      [1, 200, 20],
      [100, 100, 10],
      [10_000, 20, 5],
    ] as const) {
      log(`scale: list and revokeAll for a user with ${n.toLocaleString('en-US')} sessions`)
      users.push(await measureUser(big.sessions, big.admin, PREFIX, n, listRuns, revokeRuns))
    }
    const fillRate = N - mid > 0 ? (mid + (N - mid)) / (f1.seconds + f2.seconds) : f1.perSecond
    data = {
      sessions: N,
      perUser: PER_USER,
      fill: { seconds: f1.seconds + f2.seconds, perSecond: fillRate },
      bytesMid: atMid,
      bytesN: atN,
      keyspace: ks,
      verify1k: lat.a,
      verifyN: lat.b,
      p99Ratio: lat.b.p99 / lat.a.p99,
      p99BlockRatio: spread(lat.p99Ratios),
      users,
    }
  } finally {
    await stop(small)
    await stop(big)
  }

  const expiry = await expireAll(N, log)
  const m = machine()
  const full: ScaleData = { ...data, expiry }
  const json = {
    machine: m,
    ...full,
    // Flat figures for the targets table.
    bytesPerSession100k: full.bytesMid.perSession,
    bytesAt: full.bytesMid.sessions,
    p99_1k: full.verify1k.p99,
    p99_big: full.verifyN.p99,
    bigSessions: N,
  }
  return { markdown: scaleMarkdown(full, machineLine(m)), data: json }
}

/**
 * Fills a fresh server with N sessions that live 30 s, then waits until Redis holds none: nothing
 * the library wrote may outlive its sessions. Sessions made early expire while the fill goes on
 * (keeping all N alive together would double the wait); the peak is what lived at the fill's end.
 */
async function expireAll(N: number, log: Log): Promise<ScaleData['expiry']> {
  const ttlSeconds = 30
  const s = await server({ refreshTokenTtl: ttlSeconds * 1000, sessionTtl: ttlSeconds * 1000 })
  try {
    const before = await usedMemory(s.admin)
    log(`scale: expiry: ${N.toLocaleString('en-US')} sessions living ${ttlSeconds} s on a fresh server`)
    const f = await fill(s.sessions, { userPrefix: 'user-', from: 0, to: N, perUser: PER_USER, sample: 0 }, log)
    const peak = await usedMemory(s.admin)
    const peakKeys = await keyspace(s.admin)
    const t0 = Date.now()
    const deadline = t0 + (ttlSeconds + 180) * 1000
    let keys = await dbsize(s.admin)
    while (keys > 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 1000))
      keys = await dbsize(s.admin)
    }
    const after = await usedMemory(s.admin)
    const stats = await info(s.admin, 'stats')
    log(`scale: expiry: ${keys} keys left, used_memory ${before.used} → ${peak.used} → ${after.used}`)
    return {
      sessions: N,
      ttlSeconds,
      fillSeconds: f.seconds,
      before,
      peak,
      peakKeys,
      after,
      keysLeft: keys,
      waitedSeconds: (Date.now() - t0) / 1000,
      expiredKeys: Number(stats['expired_keys'] ?? 0),
    }
  } finally {
    await stop(s)
  }
}
