import express from 'express'
import type { SetupTarget } from '../types.js'
import { floorCheck } from './floor-check.js'

/** The floor (see floor-check.ts) as an Express 5 route. */
export const setup: SetupTarget = async (redisUrl) => {
  const floor = await floorCheck(redisUrl)
  const app = express()
  app.get('/me', async (req, res) => {
    const user = await floor.check(req.headers.authorization)
    if (user === undefined) res.status(401).json({ error: { code: 'TOKEN_INVALID' } })
    else res.json({ ok: true, user })
  })
  return { listener: app, path: '/me', headers: { authorization: `Bearer ${floor.token}` }, close: floor.close }
}
