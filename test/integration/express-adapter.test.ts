// What only the Express adapter has: req.session / a custom requestKey, and errorHandler() passing on
// errors that are not its own. Everything framework-neutral runs in test/conformance/http.
import { createServer } from 'node:http'
import express from 'express'
import { describe, expect, it } from 'vitest'
import { expressSessions } from '../../src/adapters/express/index.js'
import { useAdapterApp } from '../helpers/adapter-app.js'

describe('express adapter specifics', () => {
  const running = useAdapterApp('express', (sessions) => {
    const jwt = expressSessions(sessions)
    const renamed = expressSessions(sessions, { requestKey: 'jwtSession' })
    const app = express()
    app.use(express.json())
    app.get('/default', jwt.auth, (req, res) => res.json({ id: req.session?.id, user: req.user }))
    app.get('/renamed', renamed.auth, (req, res) => {
      const slot = req as unknown as Record<string, { id?: string } | undefined>
      res.json({ id: slot.jwtSession?.id, session: slot.session ?? null, viaSessionOf: renamed.sessionOf(req)?.id })
    })
    app.get('/teapot', () => {
      throw Object.assign(new Error('short and stout'), { status: 418, expose: true })
    })
    app.post('/parse', (_req, res) => res.json({ ok: true }))
    app.use(jwt.errorHandler())
    app.use((err: { status?: number }, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
      res.status(err.status ?? 500).json({ passedOn: true })
    })
    return createServer(app)
  })

  it('auth puts the request session on req.session, or on the requestKey given', async () => {
    const t = await running.sessions.create('ivy')
    const headers = { authorization: `Bearer ${t.accessToken}` }
    expect(await (await fetch(`${running.base}/default`, { headers })).json()).toEqual({
      id: t.sessionId,
      user: { id: 'ivy' },
    })
    expect(await (await fetch(`${running.base}/renamed`, { headers })).json()).toEqual({
      id: t.sessionId,
      session: null,
      viaSessionOf: t.sessionId,
    })
  })

  it("errorHandler() answers body-parser's errors and passes the app's own errors on", async () => {
    const teapot = await fetch(`${running.base}/teapot`)
    expect([teapot.status, await teapot.json()]).toEqual([418, { passedOn: true }])
    const bad = await fetch(`${running.base}/parse`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: 'nope',
    })
    expect([bad.status, await bad.json()]).toEqual([
      400,
      { error: { code: 'BAD_REQUEST', message: 'The request body could not be read' } },
    ])
  })
})
