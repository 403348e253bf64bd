import type { SetupTarget } from '../types.js'
import { floorCheck } from './floor-check.js'
import { sendJson } from './node-json.js'

/** The floor (see floor-check.ts) on plain node:http. */
export const setup: SetupTarget = async (redisUrl) => {
  const floor = await floorCheck(redisUrl)
  return {
    listener: (req, res) => {
      void floor.check(req.headers.authorization).then((user) => {
        if (user === undefined) sendJson(res, 401, { error: { code: 'TOKEN_INVALID' } })
        else sendJson(res, 200, { ok: true, user })
      })
    },
    path: '/me',
    headers: { authorization: `Bearer ${floor.token}` },
    close: floor.close,
  }
}
