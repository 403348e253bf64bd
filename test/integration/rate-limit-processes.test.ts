// Exactness across processes: two Node processes share one Redis bucket; together they admit
// exactly the limit, because every decision is one atomic script.
import { spawn, type ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { cleanupPrefix, redisUrl, uniquePrefix } from '../helpers/redis.js'

const prefix = uniquePrefix('rlproc')
const children: ChildProcess[] = []
afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill()
  await cleanupPrefix(prefix)
})

function start(bucket: string, limit: number, count: number) {
  const tsx = join(process.cwd(), 'node_modules', '.bin', 'tsx')
  const child = spawn(
    tsx,
    [join(import.meta.dirname, 'rate-limit-child.ts'), redisUrl(), prefix, bucket, String(limit), String(count)],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  )
  children.push(child)
  const lines = createInterface({ input: child.stdout! })
  const queue: string[] = []
  const waiters: Array<(l: string) => void> = []
  lines.on('line', (l) => (waiters.length > 0 ? waiters.shift()!(l) : queue.push(l)))
  const next = () =>
    new Promise<string>((resolve) => (queue.length > 0 ? resolve(queue.shift()!) : waiters.push(resolve)))
  return { child, next }
}

describe('rate limit across processes', () => {
  it('two processes firing 200 hits each at a limit of 50 admit exactly 50 in total', async () => {
    const bucket = `shared:${Date.now()}`
    const procs = [start(bucket, 50, 200), start(bucket, 50, 200)]
    for (const p of procs) expect(await p.next()).toBe('ready')
    // Both start at the same instant, so their waves interleave at the Redis server.
    const startAt = Date.now() + 300
    for (const p of procs) p.child.stdin!.write(`go ${startAt}\n`)
    const results = await Promise.all(procs.map(async (p) => JSON.parse(await p.next()) as { admitted: number }))
    expect(results[0]!.admitted + results[1]!.admitted).toBe(50)
    console.log(`admitted per process: ${results.map((r) => r.admitted).join(' + ')}`)
  }, 60_000)
})
