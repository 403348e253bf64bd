/**
 * Child process (`node --expose-gc --import tsx bench/cache/memory-child.ts <redisUrl> <sessions>`):
 * memory per cached session, hit ratios, Redis commands per 1,000 verifications with the cache on
 * and off, and what the signature check costs next to a hit. Prints one JSON line.
 */
import { createVerifier } from 'fast-jwt'
import { createSessions, redisStore, type Sessions, type TokenSet } from '../../src/index.js'
import { ask, info } from '../../test/helpers/cluster.js'

const [url, countArg] = process.argv.slice(2)
const N = Number(countArg ?? 100_000)
const port = Number(new URL(url!).port)
const SECRET = 'bench-cache-secret-0123456789abcdef-0123456789'
const gc = (globalThis as { gc?: () => void }).gc
if (!gc) throw new Error('run with --expose-gc')

const prefix = 'bench-cache:'
const engine = (localCache?: object) =>
  createSessions({
    store: redisStore({ url: url!, keyPrefix: prefix }),
    secret: SECRET,
    ...(localCache ? { localCache } : {}),
  })

async function pool<T>(items: readonly T[], width: number, fn: (x: T) => Promise<unknown>): Promise<void> {
  let next = 0
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await fn(items[next++] as T)
    }),
  )
}

async function commands(): Promise<Record<string, number>> {
  const s = await info(port, 'commandstats')
  const out: Record<string, number> = {}
  for (const [k, v] of Object.entries(s))
    if (k.startsWith('cmdstat_')) out[k.slice(8)] = Number(/calls=(\d+)/.exec(v)?.[1] ?? 0)
  delete out['info']
  delete out['config|resetstat']
  return out
}
const total = (c: Record<string, number>) => Object.values(c).reduce((a, b) => a + b, 0)
const heap = () => {
  gc!()
  gc!()
  return process.memoryUsage().heapUsed
}
const settle = () => new Promise((r) => setTimeout(r, 600))

const plain = engine()
const ids = Array.from({ length: N }, (_, i) => `mem-${i}`)
const tokens: string[] = new Array(N)
await pool(
  ids.map((id, i) => [id, i] as const),
  200,
  async ([id, i]) => {
    tokens[i] = ((await plain.create(id, { data: { role: 'member' } })) as TokenSet).accessToken
  },
)

// Memory: a cache big enough for every session, filled once.
const full = engine({ max: N })
await full.verify(tokens[0]!)
await settle()
const before = heap()
await pool(tokens, 200, (t) => full.verify(t))
const after = heap()
const bytesPerEntry = (after - before) / N

async function ratio(s: Sessions, picks: readonly number[]): Promise<number> {
  await ask(port, ['CONFIG', 'RESETSTAT'])
  await pool(picks, 100, (i) => s.verify(tokens[i]!))
  const scripts = (await commands())['evalsha'] ?? 0
  return 1 - scripts / picks.length
}
const uniform = Array.from({ length: N }, (_, i) => i)
const hitAllCached = await ratio(full, uniform)

// Skewed traffic (Zipf, s = 1) over all sessions with room for a tenth of them.
const small = engine({ max: Math.floor(N / 10) })
await small.verify(tokens[0]!)
await settle()
const harmonic = Array.from({ length: N }, (_, i) => 1 / (i + 1)).reduce((a, b) => a + b, 0)
const zipf = () => {
  let u = Math.random() * harmonic
  for (let i = 0; i < N; i++) if ((u -= 1 / (i + 1)) <= 0) return i
  return N - 1
}
const skewed = Array.from({ length: N }, zipf)
await ratio(small, skewed) // warm
const hitZipf = await ratio(small, skewed)

// Redis commands per 1,000 verifications over 1,000 sessions, cache on and off (including the heartbeat PINGs).
async function per1000(s: Sessions): Promise<{ total: number; byCommand: Record<string, number>; seconds: number }> {
  const picks = Array.from({ length: 10_000 }, (_, i) => i % 1000)
  await pool(picks.slice(0, 1000), 50, (i) => s.verify(tokens[i]!))
  await ask(port, ['CONFIG', 'RESETSTAT'])
  const t0 = performance.now()
  await pool(picks, 50, (i) => s.verify(tokens[i]!))
  const seconds = (performance.now() - t0) / 1000
  const c = await commands()
  return {
    total: total(c) / 10,
    byCommand: Object.fromEntries(Object.entries(c).map(([k, v]) => [k, v / 10])),
    seconds,
  }
}
const commandsOn = await per1000(full)
const commandsOff = await per1000(plain)

// What a hit costs, and the signature check's share of it (the case for a verified-token cache).
async function perOp(fn: () => unknown, n: number): Promise<number> {
  for (let i = 0; i < 2000; i++) await fn()
  const t0 = performance.now()
  for (let i = 0; i < n; i++) await fn()
  return ((performance.now() - t0) / n) * 1000
}
const hot = tokens[1]!
const hitUs = await perOp(() => full.verify(hot), 20_000)
const verifyJwt = createVerifier({ key: SECRET, algorithms: ['HS256'], cache: false })
const hmacUs = await perOp(() => verifyJwt(hot), 20_000)
const memo = new Map([[hot, 1]])
const mapUs = await perOp(() => memo.get(hot), 20_000)

await Promise.all([plain.close(), full.close(), small.close()])
console.log(
  JSON.stringify({
    sessions: N,
    bytesPerEntry,
    heapBefore: before,
    heapAfter: after,
    hitAllCached,
    hitZipf,
    zipfMax: Math.floor(N / 10),
    commandsOn,
    commandsOff,
    hitUs,
    hmacUs,
    mapUs,
  }),
)
