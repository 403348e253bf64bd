import { USER, type SetupTarget } from '../types.js'
import { sendJson } from './node-json.js'

/** The node:http ceiling: a route that authenticates nothing. */
export const setup: SetupTarget = async () => ({
  listener: (_req, res) => sendJson(res, 200, { ok: true, user: USER }),
  path: '/me',
  headers: {},
  close: async () => {},
})
