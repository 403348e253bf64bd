// What only the node:http adapter has: routes() under any prefix, HEAD answers, sendError, clientIp,
// option checks. The wire behaviour shared with every adapter runs in test/conformance/http.
import { createServer } from 'node:http'
import { describe, expect, it } from 'vitest'
import { nodeSessions } from '../../src/adapters/node/index.js'
import { ConfigError } from '../../src/index.js'
import { useAdapterApp } from '../helpers/adapter-app.js'

describe('node:http adapter specifics', () => {
  const running = useAdapterApp('node', (sessions) => {
    const jwt = nodeSessions(sessions, {
      clientIp: (req) => String(req.headers['x-test-ip'] ?? req.socket.remoteAddress),
    })
    const routes = jwt.routes({ prefix: '/auth/' })
    return createServer((req, res) => {
      const run = async () => {
        if (await routes(req, res)) return
        if (req.url === '/boom') throw new Error('secret detail')
        if (req.url === '/login') return void (await jwt.signIn(req, res, 'kim'))
        res.writeHead(404).end()
      }
      run().catch((err: unknown) => jwt.sendError(res, err))
    })
  })

  it('routes() serves under the prefix given (trailing slash ignored) and passes other paths on', async () => {
    expect((await fetch(`${running.base}/auth/health`)).status).toBe(200)
    expect((await fetch(`${running.base}/authx/health`)).status).toBe(404)
    expect((await fetch(`${running.base}/api/token/health`)).status).toBe(404)
    const head = await fetch(`${running.base}/auth/health`, { method: 'HEAD' })
    expect([head.status, head.headers.get('content-type'), await head.text()]).toEqual([
      200,
      'application/json; charset=utf-8',
      '',
    ])
  })

  it('signIn records the address clientIp gives; sendError hides unknown errors behind a bare 500', async () => {
    const r = await fetch(`${running.base}/login`, { method: 'POST', headers: { 'x-test-ip': '198.51.100.7' } })
    const { sessionId } = (await r.json()) as { sessionId: string }
    expect((await running.sessions.get(sessionId))?.meta.ip).toBe('198.51.100.7')
    const boom = await fetch(`${running.base}/boom`)
    expect([boom.status, await boom.json()]).toEqual([500, { error: { code: 'INTERNAL', message: 'Internal error' } }])
  })

  it('refuses unknown option keys and bad prefixes', () => {
    expect(() => nodeSessions(running.sessions, { clientip: () => 'x' } as never)).toThrow(
      /nodeSessions options: unknown option "clientip" \(did you mean "clientIp"\?\)/,
    )
    expect(() => nodeSessions(running.sessions).routes({ prefx: '/x' } as never)).toThrow(
      /routes\(\) options: unknown option "prefx"/,
    )
    expect(() => nodeSessions(running.sessions).routes({ prefix: 'x' })).toThrow(ConfigError)
  })
})
