import type { SetupTarget } from '../types.js'
import { setupNodeJwtSessions } from './node-jwt-sessions.js'

/** jwt-sessions on plain node:http with the local session cache on (docs/local-cache.md). */
export const setup: SetupTarget = (redisUrl) => setupNodeJwtSessions(redisUrl, { localCache: true })
