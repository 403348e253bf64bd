// Child process of rate-limit-processes.test.ts: connects its own redisStore, says "ready", waits
// for "go <epoch ms>" on stdin, then from that instant fires `count` hits at one bucket, in waves of
// 10 concurrent hits, and prints how many were admitted.
import { redisStore } from '../../src/index.js'

const [url, keyPrefix, bucket, limit, count] = process.argv.slice(2) as [string, string, string, string, string]
const store = redisStore({ url, keyPrefix })
await store.ping() // connected before the race starts
process.stdout.write('ready\n')
process.stdin.once('data', async (line) => {
  const startAt = Number(String(line).split(' ')[1])
  await new Promise((r) => setTimeout(r, Math.max(0, startAt - Date.now())))
  let admitted = 0
  for (let sent = 0; sent < Number(count); sent += 10) {
    const wave = await Promise.all(
      Array.from({ length: 10 }, () => store.hit(bucket, Number(limit), 60_000, 0, Date.now())),
    )
    admitted += wave.filter((d) => d.allowed).length
  }
  process.stdout.write(`${JSON.stringify({ admitted })}\n`)
  await store.close()
  process.exit(0)
})
