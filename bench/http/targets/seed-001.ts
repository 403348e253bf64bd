import express from 'express'
import { seedRequire } from '../../lib/seeds.js'
import { SECRET, USER, type SetupTarget } from '../types.js'

interface RedisJwt {
  sign(id: string, o?: { ttl?: string }): Promise<string>
  verify(token: string, valueSession?: boolean): Promise<false | { id: string }>
  exec(): { end?(): void }
  on(event: string, fn: (...a: unknown[]) => void): void
}
type RedisJwtCtor = new (o: Record<string, unknown>) => RedisJwt

/**
 * Seed 001, `redis-jwt` 1.4.0, with the middleware its README shows, running its published
 * (babel-compiled) `dist/index.js`, which needs `babel-runtime` (see `lib/seeds.ts`). Its README's
 * `create(req, id)` does not exist in 1.4.0; `sign(id, { ttl })` is the real name.
 * Per request: jsonwebtoken verify, then EXISTS and TTL (two round trips, redis-fast-driver).
 */
export const setup: SetupTarget = async (redisUrl) => {
  const { hostname, port } = new URL(redisUrl)
  const RedisJWT = seedRequire('redis-jwt') as RedisJwtCtor
  const r = new RedisJWT({ host: hostname, port: Number(port), secret: SECRET, multiple: true, kea: false })
  // Its constructor connects in the background and `sign` does not wait for its SETEX: wait for
  // the connection, then until the session is visible, so the first measured request can succeed.
  await new Promise((resolve) => r.on('ready', resolve))
  const token = await r.sign(USER, { ttl: '1 day' })
  for (let i = 0; i < 100 && !(await r.verify(token).catch(() => false)); i++)
    await new Promise((res) => setTimeout(res, 20))
  const app = express()
  app.get('/me', (req, res) => {
    const h = req.headers['authorization']
    if (!h) {
      res.status(401).json({ err: 'no token' })
      return
    }
    r.verify(h).then(
      (session) => {
        if (!session) res.status(401).json({ err: 'invalid' })
        else res.json({ ok: true, user: session.id })
      },
      (err: unknown) => res.status(401).json({ err: String(err) }),
    )
  })
  return {
    listener: app,
    path: '/me',
    headers: { authorization: token },
    close: async () => r.exec().end?.(),
  }
}
