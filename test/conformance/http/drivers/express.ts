// Express 5 and Express 4, each with and without express.json() in front of the adapter.
import { createServer } from 'node:http'
import express from 'express'
import { expressSessions } from '../../../../src/adapters/express/index.js'
import type { Data, HttpDriver, RunningApp } from '../driver.js'
import { listening } from '../listen.js'

type Express = typeof express
// express4 (npm:express@4) ships no types of its own; it has Express 5's surface for what we use.
const express4Specifier: string = 'express4'
const express4 = ((await import(express4Specifier)) as { default: Express }).default

const driver = (name: string, factory: Express, withJsonParser: boolean): HttpDriver => ({
  name: withJsonParser ? `${name} + express.json()` : name,
  parsesBodies: withJsonParser,
  async start({ sessions, options, rateLimit, loginGuard }): Promise<RunningApp> {
    const jwt = expressSessions<Data>(sessions, options)
    const guard = jwt.loginGuard(loginGuard)
    const app = factory()
    if (withJsonParser) app.use(factory.json())
    const query = (v: unknown) => (typeof v === 'string' ? v : undefined)
    app.post('/login', async (req, res) => {
      res.json(
        await jwt.signIn(req, res, query(req.query.user) ?? 'alice', {
          data: { theme: 'light' },
          claims: { role: 'member' },
        }),
      )
    })
    app.get('/profile', jwt.auth, (req, res) => res.json({ user: req.user, session: jwt.sessionOf(req) }))
    app.get('/feed', jwt.optionalAuth, (req, res) => res.json({ user: req.user ?? null }))
    app.post('/theme', jwt.auth, async (req, res) => {
      const s = jwt.sessionOf(req)!
      s.data = { theme: 'dark' }
      await s.update()
      await s.reload()
      res.json({ data: s.data, touched: await s.touch() })
    })
    app.post('/action', jwt.auth, (_req, res) => res.json({ done: true }))
    app.post('/logout', jwt.logout)
    app.post('/auth-logout', jwt.auth, jwt.logout)
    app.post('/logout-all', jwt.auth, jwt.logoutAll)
    app.post('/refresh', jwt.refresh)
    app.use('/api/token', jwt.routes())
    app.post('/limited', jwt.rateLimit(rateLimit), (_req, res) => res.json({ ok: true }))
    app.post(
      '/guarded-login',
      guard.middleware((req) => req.query.user),
      async (req, res) => {
        if (req.query.password !== 'right') {
          await guard.fail(req)
          return void res
            .status(401)
            .json({ error: { code: 'BAD_CREDENTIALS', message: 'Wrong user name or password' } })
        }
        await guard.succeed(req)
        res.json({ ok: true })
      },
    )
    app.use(jwt.errorHandler())
    return listening(createServer(app))
  },
})

const versions: [string, Express][] = [
  ['express 5', express],
  ['express 4', express4],
]
export default versions.flatMap(([name, factory]) => [false, true].map((json) => driver(name, factory, json)))
