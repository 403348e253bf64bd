import type { SetupTarget } from '../types.js'
import { setupJwtSessions } from './jwt-sessions.js'

/** jwt-sessions `auth` in cookie mode, access token in its HttpOnly cookie. */
export const setup: SetupTarget = (redisUrl) => setupJwtSessions(redisUrl, 'cookie')
