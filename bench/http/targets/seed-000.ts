import express, { type RequestHandler } from 'express'
import { seedRequire } from '../../lib/seeds.js'
import { SECRET, TOKEN_TTL_MS, USER, type SetupTarget } from '../types.js'

interface Seed000 {
  initialize(o: { config: Record<string, Record<string, unknown>> }): Promise<void>
  generateToken(data: Record<string, unknown>): Promise<{ accessToken: string }>
  auth: RequestHandler
  closeRedisConnection(): Promise<void>
}

/**
 * Seed 000, `jwt-redis-sessions` 3.0.1: its `auth` middleware as its README mounts it. Per request
 * it verifies the JWT (jsonwebtoken), checks a blacklist key (EXISTS), reads the session (GET) and
 * rewrites it with a Lua script sent as EVAL (source every time).
 */
export const setup: SetupTarget = async (redisUrl) => {
  const seed = seedRequire('jwt-redis-sessions') as Seed000
  // Its Redis client logs every connect to the console; keep the child's output readable.
  const log = console.log
  console.log = () => {}
  await seed.initialize({
    config: {
      jwt: { secret: SECRET, accessTokenExpiry: TOKEN_TTL_MS / 1000 },
      redis: { url: redisUrl, keyPrefix: 'bench-jrs:' },
    },
  })
  const { accessToken } = await seed.generateToken({ userId: USER })
  const app = express()
  app.get('/me', seed.auth, (req, res) => {
    const auth = (req as unknown as { auth: { decoded: { userId: string } } }).auth
    res.json({ ok: true, user: auth.decoded.userId })
  })
  return {
    listener: app,
    path: '/me',
    headers: { authorization: `Bearer ${accessToken}` },
    close: async () => {
      await seed.closeRedisConnection()
      console.log = log
    },
  }
}
