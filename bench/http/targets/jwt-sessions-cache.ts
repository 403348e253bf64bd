import type { SetupTarget } from '../types.js'
import { setupJwtSessions } from './jwt-sessions.js'

/** jwt-sessions `auth` (header) with the local session cache on (docs/local-cache.md). */
export const setup: SetupTarget = (redisUrl) => setupJwtSessions(redisUrl, 'header', { localCache: true })
