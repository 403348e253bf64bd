// A process that calls `close()` exits by itself, whatever state the Redis connection is in: each
// state is set up in a child process, which must exit within 1 s of close() resolving.
import { spawn, spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { afterAll, describe, expect, it } from 'vitest'
import { redisUrl } from '../helpers/redis.js'
import { freePort, RedisServer } from '../helpers/redis-server.js'

const servers: RedisServer[] = []
afterAll(async () => {
  for (const s of servers) await s.dispose()
})

interface Outcome {
  /** How long close() took inside the child. */
  closeMs: number
  /** From the child's `closed` line to its exit. */
  exitMs: number
  code: number | null
  lines: string[]
}

/** Runs the child in `state`; `onReady` acts on the server when the child says `ready`. */
function runChild(state: string, url: string, onReady?: () => Promise<void> | void): Promise<Outcome> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'close-child.ts'), state, url], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const lines: string[] = []
  let closedAt = 0
  let closeMs = NaN
  // A child that never exits is the failure this test exists for: stop it by its pid after 8 s.
  const killer = setTimeout(() => child.kill('SIGKILL'), 8000)
  createInterface({ input: child.stdout }).on('line', (l) => {
    lines.push(l)
    if (l === 'ready') void onReady?.()
    const m = /^closed (\d+)$/.exec(l)
    if (m) {
      closedAt = Date.now()
      closeMs = Number(m[1])
    }
  })
  return new Promise((resolve) => {
    child.once('exit', (code) => {
      clearTimeout(killer)
      resolve({ closeMs, exitMs: closedAt ? Date.now() - closedAt : Infinity, code, lines })
    })
  })
}

function expectPromptExit(o: Outcome): void {
  expect(o.lines.filter((l) => l.startsWith('error'))).toEqual([])
  expect(o.code).toBe(0)
  expect(o.closeMs).toBeLessThan(1000)
  expect(o.exitMs).toBeLessThan(1000)
}

describe('close() lets the process exit', () => {
  it('when the store never connected', async () => {
    expectPromptExit(await runChild('never-connected', redisUrl()))
  })

  it('while the first connection is being made', async () => {
    expectPromptExit(await runChild('connecting', redisUrl()))
  })

  it('when connected', async () => {
    expectPromptExit(await runChild('connected', redisUrl()))
  })

  it('when the connection is refused', async () => {
    expectPromptExit(await runChild('refused', `redis://127.0.0.1:${await freePort()}`))
  })

  it('while reconnecting after the server went away', async () => {
    const server = await RedisServer.start()
    servers.push(server)
    expectPromptExit(await runChild('reconnecting', server.url, () => server.stop()))
  })

  it('when the server stalls (SIGSTOP) with a call in flight', async () => {
    const server = await RedisServer.start()
    servers.push(server)
    const o = await runChild('stalled', server.url, () => server.pause())
    server.resume()
    expectPromptExit(o)
  })

  it('when the server was stalled before the first connection', async () => {
    const server = await RedisServer.start()
    servers.push(server)
    server.pause()
    const o = await runChild('stalled-at-connect', server.url)
    server.resume()
    expectPromptExit(o)
  })
})

describe('the CLI exits after an error', () => {
  const env = {
    ...process.env,
    JWT_SECRET: 'cli-exit-secret-of-at-least-32-bytes-long',
    REDIS_URL: redisUrl(),
    REDIS_KEY_PREFIX: 'test:cli-exit:',
  }
  for (const args of [
    ['verify', 'abc'],
    ['revoke', 'not-a-session-id'],
    ['revoke', 'dW5rbm93bg.AAAAAAAAAAAAAAAA'],
  ]) {
    it(`jwt-sessions ${args.join(' ')}`, () => {
      const start = Date.now()
      const r = spawnSync(process.execPath, ['dist/cli/index.js', ...args], { encoding: 'utf8', env, timeout: 8000 })
      expect(r.signal).toBeNull()
      expect(r.status).not.toBeNull()
      expect(Date.now() - start).toBeLessThan(5000)
    })
  }
})
