import { nodeSessions } from '../../../src/adapters/node/index.js'
import type { SessionsOptions } from '../../../src/index.js'
import { USER, type SetupTarget, type Target } from '../types.js'
import { sendJson } from './node-json.js'
import { benchSessions } from './engine.js'

/** jwt-sessions on plain node:http, as docs/node.md mounts it: `jwt.auth(req, res)`, header mode. */
export const setup: SetupTarget = (redisUrl) => setupNodeJwtSessions(redisUrl)

/** The node:http target; `extra` adds engine options (the local-cache row). */
export async function setupNodeJwtSessions(redisUrl: string, extra: Partial<SessionsOptions> = {}): Promise<Target> {
  const sessions = benchSessions(redisUrl, 'bench-jwts-node:', extra)
  const jwt = nodeSessions(sessions)
  const { accessToken } = await sessions.create(USER)
  return {
    listener: (req, res) => {
      void jwt.auth(req, res).then((auth) => {
        if (auth) sendJson(res, 200, { ok: true, user: auth.user.id })
      })
    },
    path: '/me',
    headers: { authorization: `Bearer ${accessToken}` },
    close: () => sessions.close(),
  }
}
