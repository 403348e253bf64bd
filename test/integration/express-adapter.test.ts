// What only the Express adapter has: req.session / a custom requestKey, and errorHandler() passing on
// errors that are not its own. Everything framework-neutral runs in test/conformance/http.
import { createServer } from 'node:http'
import express from 'express'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expressSessions } from '../../src/adapters/express/index.js'
import { createSessions, redisStore, type Sessions } from '../../src/index.js'
import { listening } from '../conformance/http/listen.js'
import { cleanupPrefix, redisUrl, uniquePrefix } from '../helpers/redis.js'

describe('express adapter specifics', () => {
  const prefix = uniquePrefix('express')
  let sessions: Sessions
  let base: string
  let close: () => Promise<void>

  beforeAll(async () => {
    sessions = createSessions({ store: redisStore({ url: redisUrl(), keyPrefix: prefix }), secret: 'e'.repeat(40) })
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
    ;({ base, close } = await listening(createServer(app)))
  })
  afterAll(async () => {
    await close()
    await sessions.close()
    await cleanupPrefix(prefix)
  })

  it('auth puts the request session on req.session, or on the requestKey given', async () => {
    const t = await sessions.create('ivy')
    const headers = { authorization: `Bearer ${t.accessToken}` }
    expect(await (await fetch(`${base}/default`, { headers })).json()).toEqual({ id: t.sessionId, user: { id: 'ivy' } })
    expect(await (await fetch(`${base}/renamed`, { headers })).json()).toEqual({
      id: t.sessionId,
      session: null,
      viaSessionOf: t.sessionId,
    })
  })

  it("errorHandler() answers body-parser's errors and passes the app's own errors on", async () => {
    const teapot = await fetch(`${base}/teapot`)
    expect([teapot.status, await teapot.json()]).toEqual([418, { passedOn: true }])
    const bad = await fetch(`${base}/parse`, {
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
