import { randomBytes } from 'node:crypto'
import express from 'express'
import { createSigner, createVerifier } from 'fast-jwt'
import { createClient } from 'redis'
import { SECRET, USER, type SetupTarget } from '../types.js'

/**
 * The physical floor of "a JWT plus a server-side check": fast-jwt HS256 verify, then one EVALSHA
 * of a one-line script (`HGET` of the session's field) on a node-redis client configured like the
 * one jwt-sessions opens. Nothing a real library could skip; everything it adds costs on top.
 */
export const FLOOR_SCRIPT = "return redis.call('HGET', KEYS[1], ARGV[1])"

export const setup: SetupTarget = async (redisUrl) => {
  const client = createClient({ url: redisUrl, disableOfflineQueue: true })
  await client.connect()
  const sha = String(await client.sendCommand(['SCRIPT', 'LOAD', FLOOR_SCRIPT]))
  const sid = randomBytes(16).toString('base64url')
  const hash = `floor:u:{${USER}}`
  await client.sendCommand(['HSET', hash, sid, '1'])
  const sign = createSigner({ key: SECRET, algorithm: 'HS256', expiresIn: 15 * 60 * 1000 })
  const verify = createVerifier({ key: SECRET, algorithms: ['HS256'], cache: false })
  const token = sign({ sub: USER, sid })

  const app = express()
  app.get('/me', async (req, res) => {
    const h = req.headers.authorization
    try {
      if (!h?.startsWith('Bearer ')) throw new Error('no token')
      const claims = verify(h.slice(7)) as { sub: string; sid: string }
      const hit = await client.sendCommand(['EVALSHA', sha, '1', `floor:u:{${claims.sub}}`, claims.sid])
      if (hit === null) throw new Error('no session')
      res.json({ ok: true, user: claims.sub })
    } catch {
      res.status(401).json({ error: { code: 'TOKEN_INVALID' } })
    }
  })
  return { listener: app, path: '/me', headers: { authorization: `Bearer ${token}` }, close: () => client.close() }
}
