import express from 'express'
import { seedRequire } from '../../lib/seeds.js'
import { SECRET, USER, type SetupTarget } from '../types.js'

interface JwtSession {
  id?: string
  user?: string
  create(claims: Record<string, unknown>, cb: (err: unknown, token: string) => void): void
}
interface V3Client {
  quit(cb?: () => void): void
  once(ev: string, fn: (...a: unknown[]) => void): void
}

/**
 * Seed 002, `jwt-redis-session` 1.0.5, configured as its README does (requestKey `jwtSession`,
 * token in `x-jwt-token`), on the callback redis@3 client it was written for. Per request:
 * jsonwebtoken verify, GET, and an EXPIRE (touch) it does not wait for. It never answers 401
 * itself; the route does, as its README suggests (`if (req.jwtSession.id)`).
 */
export const setup: SetupTarget = async (redisUrl) => {
  const factory = seedRequire('jwt-redis-session') as (o: Record<string, unknown>) => express.RequestHandler
  const redis = seedRequire('node-redis-v3') as { createClient(o: { url: string }): V3Client }
  const client = redis.createClient({ url: redisUrl })
  await new Promise((resolve) => client.once('ready', resolve))
  const mw = factory({
    client,
    secret: SECRET,
    keyspace: 'bench-jrsn:',
    maxAge: 86400,
    algorithm: 'HS256',
    requestKey: 'jwtSession',
    requestArg: 'jwtToken',
  })
  const app = express()
  app.use(mw)
  const sessionOf = (req: express.Request) => (req as unknown as { jwtSession: JwtSession }).jwtSession
  app.get('/me', (req, res) => {
    const s = sessionOf(req)
    if (!s.id) {
      res.status(401).json({ error: 'no session' })
      return
    }
    res.json({ ok: true, user: s.user })
  })
  // Create the session through the middleware's own API, on a throwaway request.
  const token = await new Promise<string>((resolve, reject) => {
    const req = { get: () => undefined, query: {}, headers: {} } as unknown as express.Request
    mw(req, {} as express.Response, () => {
      const s = sessionOf(req)
      s.user = USER
      s.create({}, (err, t) => (err ? reject(err) : resolve(t)))
    })
  })
  return {
    listener: app,
    path: '/me',
    headers: { 'x-jwt-token': token },
    close: async () => new Promise<void>((r) => client.quit(() => r())),
  }
}
