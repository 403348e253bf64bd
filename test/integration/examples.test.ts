// Every framework example (examples/<framework>/server.ts) run as its header says: started with
// tsx against the test Redis, driven over HTTP like its curl lines, then stopped with SIGTERM. It
// must sign in, serve /me, refresh, refuse a wrong password and a missing token in the envelope,
// and exit by itself.
import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { redisUrl } from '../helpers/redis.js'

const ROOT = join(import.meta.dirname, '..', '..')
// The demo has a protocol of its own (demo.test.ts, demo-process.test.ts).
const frameworks = readdirSync(join(ROOT, 'examples')).filter(
  (d) => d !== 'demo' && existsSync(join(ROOT, 'examples', d, 'server.ts')),
)

let child: ChildProcess | undefined
afterEach(() => {
  if (child?.exitCode === null) child.kill('SIGKILL')
})

/** Starts an example on a free port; resolves to its base URL and everything it printed so far. */
async function start(framework: string): Promise<{ base: string; output: () => string }> {
  const proc = spawn(join(ROOT, 'node_modules', '.bin', 'tsx'), [join(ROOT, 'examples', framework, 'server.ts')], {
    env: { ...process.env, PORT: '0', REDIS_URL: redisUrl(), JWT_SECRET: 'an example secret of at least 32 bytes' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child = proc
  let out = ''
  proc.stdout!.on('data', (d: Buffer) => void (out += d.toString()))
  proc.stderr!.on('data', (d: Buffer) => void (out += d.toString()))
  const started = Date.now()
  let port: string | undefined
  while (port === undefined && proc.exitCode === null && Date.now() - started < 30_000) {
    port = /listening on http:\/\/localhost:(\d+)/.exec(out)?.[1]
    await new Promise((r) => setTimeout(r, 50))
  }
  if (port === undefined) throw new Error(`examples/${framework} did not say where it listens:\n${out}`)
  return { base: `http://127.0.0.1:${port}`, output: () => out }
}

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  })

describe('framework examples', () => {
  it('finds the examples', () => {
    expect(frameworks).toEqual(expect.arrayContaining(['express', 'fastify', 'fetch', 'hono', 'koa', 'node']))
  })

  for (const framework of frameworks) {
    it(`examples/${framework}: login, /me, refresh, refusals, and exit on SIGTERM`, async () => {
      const { base, output } = await start(framework)
      expect(output()).not.toContain('JWT_SECRET is not set')

      const wrong = await post(`${base}/login`, { username: 'ada', password: 'nope' })
      expect(wrong.status).toBe(401)
      expect(((await wrong.json()) as { error: { code: string } }).error.code).toBeTypeOf('string')

      const login = await post(`${base}/login`, { username: 'ada', password: 'demo' })
      expect(login.status).toBe(200)
      const tokens = (await login.json()) as { accessToken: string; refreshToken: string }
      expect(tokens.accessToken.split('.')).toHaveLength(3)

      const me = await fetch(`${base}/me`, { headers: { authorization: `Bearer ${tokens.accessToken}` } })
      expect(me.status).toBe(200)
      expect(((await me.json()) as { user: { id: string } }).user.id).toBe('ada')

      const anonymous = await fetch(`${base}/me`)
      expect(anonymous.status).toBe(401)
      expect(((await anonymous.json()) as { error: { code: string } }).error.code).toBe('TOKEN_MISSING')

      const refreshed = await post(`${base}/api/token/refresh`, { refreshToken: tokens.refreshToken })
      expect(refreshed.status).toBe(200)
      const data = ((await refreshed.json()) as { data: { refreshToken: string } }).data
      expect(data.refreshToken).not.toBe(tokens.refreshToken)

      const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)))
      child!.kill('SIGTERM')
      const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r('still running'), 10_000))])
      expect(code, output()).toBe(0)
    }, 60_000)
  }
})
