import { spawn, type ChildProcess } from 'node:child_process'
import type { AddressInfo } from 'node:net'
import type { Server } from 'node:http'
import { afterAll, describe, expect, it } from 'vitest'
import { createDemoApp } from '../../examples/demo/app.js'
import { createSessions, redisStore } from '../../src/index.js'
import { freePort } from '../helpers/redis-server.js'
import { cleanupPrefix, redisUrl, uniquePrefix } from '../helpers/redis.js'

/** Cookies from a response, as a Cookie header. */
function cookieHeader(res: Response): string {
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ')
}
const csrfFrom = (cookie: string) => /__Host-jwts-csrf=([^;]+)/.exec(cookie)?.[1] ?? ''

describe('demo app embedded', () => {
  const prefix = uniquePrefix('demo')
  const sessions = createSessions({ store: redisStore({ url: redisUrl(), keyPrefix: prefix }), secret: 'd'.repeat(40) })
  let server: Server | undefined
  afterAll(async () => {
    server?.close()
    await sessions.close()
    await cleanupPrefix(prefix)
  })

  it('signs in with a demo user, shows the profile, lists devices, logs out; bad passwords are 401 then 429', async () => {
    let requests = 0
    const { app } = createDemoApp({ sessions: sessions as never, onRequest: () => requests++ })
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s))
    })
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    const login = (username: string, password: string) =>
      fetch(`${base}/api/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password }),
      })
    const r = await login('alice', 'alice-demo-password')
    expect(r.status).toBe(200)
    const cookie = cookieHeader(r)
    const profile = await fetch(`${base}/api/profile`, { headers: { cookie } })
    expect(await profile.json()).toMatchObject({
      user: { id: 'alice', name: 'Alice', role: 'admin' },
      session: { data: { name: 'Alice' } },
    })
    const devices = (await (await fetch(`${base}/api/token/sessions`, { headers: { cookie } })).json()) as {
      data: { sessions: unknown[] }
    }
    expect(devices.data.sessions).toHaveLength(1)
    const out = await fetch(`${base}/api/logout`, {
      method: 'POST',
      headers: { cookie, 'x-csrf-token': csrfFrom(cookie) },
    })
    expect(out.status).toBe(200)
    expect((await fetch(`${base}/api/profile`, { headers: { cookie } })).status).toBe(401)
    const bad = await login('bob', 'wrong')
    expect(bad.status).toBe(401)
    expect(await bad.json()).toMatchObject({ error: { code: 'INVALID_CREDENTIALS' } })
    for (let i = 0; i < 4; i++) await login('bob', 'wrong')
    const blocked = await login('bob', 'bob-demo-password')
    expect(blocked.status).toBe(429)
    expect(blocked.headers.get('retry-after')).toMatch(/^\d+$/)
    expect(requests).toBeGreaterThanOrEqual(10)
  })
})

describe('demo started the way the README says (npm start)', () => {
  let child: ChildProcess | undefined
  afterAll(() => {
    if (child?.pid !== undefined && child.exitCode === null) process.kill(-child.pid, 'SIGTERM')
  })

  it('serves the page and a protected route after login', async () => {
    const port = await freePort()
    const prefix = uniquePrefix('demo-npm')
    child = spawn('npm', ['start'], {
      cwd: new URL('../../', import.meta.url),
      env: { ...process.env, PORT: String(port), REDIS_URL: redisUrl(), REDIS_KEY_PREFIX: prefix },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    })
    let output = ''
    child.stdout?.on('data', (d: Buffer) => (output += d.toString()))
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()))
    const base = `http://127.0.0.1:${port}`
    const deadline = Date.now() + 60_000
    while (!output.includes('listening on')) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`demo did not start:\n${output}`)
      await new Promise((r) => setTimeout(r, 200))
    }
    try {
      expect(output).toContain('store: Redis')
      const page = await fetch(`${base}/`)
      expect(page.status).toBe(200)
      expect(await page.text()).toContain('<html')
      const r = await fetch(`${base}/api/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'bob', password: 'bob-demo-password' }),
      })
      expect(r.status).toBe(200)
      const profile = await fetch(`${base}/api/profile`, { headers: { cookie: cookieHeader(r) } })
      expect(profile.status).toBe(200)
      expect(await profile.json()).toMatchObject({ user: { id: 'bob' } })
      expect((await fetch(`${base}/api/profile`)).status).toBe(401)
    } finally {
      process.kill(-child.pid!, 'SIGTERM')
      await new Promise((r) => child?.once('exit', r))
      await cleanupPrefix(prefix)
    }
  })
})
