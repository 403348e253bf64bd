// `npm start` as a person runs it: a port already taken is reported and the process exits non-zero;
// SIGTERM sent to npm (as a process manager or Ctrl-C does) reaches the server, which closes its
// listener and the store and exits, leaving no process behind.
import { type ChildProcess, spawn } from 'node:child_process'
import { createServer, type Server } from 'node:net'
import { afterAll, describe, expect, it } from 'vitest'
import { freePort } from '../helpers/redis-server.js'
import { cleanupPrefix, redisUrl, uniquePrefix } from '../helpers/redis.js'

const prefix = uniquePrefix('demo-proc')
const children: ChildProcess[] = []

function npmStart(port: number): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn('npm', ['start'], {
    cwd: new URL('../../', import.meta.url),
    env: {
      ...process.env,
      PORT: String(port),
      REDIS_URL: redisUrl(),
      REDIS_KEY_PREFIX: prefix,
      JWT_SECRET: 'p'.repeat(40),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so a leftover can be found (and cleaned up) after the test.
    detached: true,
  })
  children.push(child)
  let out = ''
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()))
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()))
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  return { child, output: () => out, exited }
}

/** True while any process of the group `pgid` is alive. */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0)
    return true
  } catch {
    return false
  }
}

async function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms)
  })
  try {
    return await Promise.race([p, timeout])
  } finally {
    clearTimeout(timer)
  }
}

describe('npm start (the demo process)', () => {
  afterAll(async () => {
    for (const c of children) if (c.pid !== undefined && groupAlive(c.pid)) process.kill(-c.pid, 'SIGKILL')
    await cleanupPrefix(prefix)
  })

  it('says the port is taken and exits non-zero', async () => {
    const port = await freePort()
    const blocker: Server = createServer()
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve))
    try {
      const { output, exited } = npmStart(port)
      const code = await within(exited, 45_000, 'npm start on a taken port')
      expect(code).not.toBe(0)
      expect(output()).toMatch(new RegExp(`port ${port} on 127\\.0\\.0\\.1 is already in use`))
      expect(output()).not.toContain('listening on')
    } finally {
      blocker.close()
    }
  }, 60_000)

  it('SIGTERM to npm shuts the server down cleanly, leaving no process', async () => {
    const port = await freePort()
    const { child, output, exited } = npmStart(port)
    const deadline = Date.now() + 45_000
    while (!output().includes('listening on')) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`demo did not start:\n${output()}`)
      await new Promise((r) => setTimeout(r, 100))
    }
    expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBe(200)
    // A keep-alive connection must not hold the shutdown up.
    const keepAlive = fetch(`http://127.0.0.1:${port}/api/config`, { headers: { connection: 'keep-alive' } })
    await keepAlive
    child.kill('SIGTERM') // npm only, not its group: npm must pass it on
    const code = await within(exited, 10_000, 'shutting down after SIGTERM')
    expect(output()).toContain('SIGTERM: shutting down')
    expect([0, null]).toContain(code)
    const pgid = child.pid as number
    const end = Date.now() + 5000
    while (groupAlive(pgid) && Date.now() < end) await new Promise((r) => setTimeout(r, 50))
    expect(groupAlive(pgid), 'a process of npm start outlived it').toBe(false)
    await expect(fetch(`http://127.0.0.1:${port}/`)).rejects.toThrow()
  }, 60_000)
})
