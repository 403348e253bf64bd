import type { SetupTarget } from '../types.js'
import { setupJwtSessions } from './jwt-sessions.js'

/** jwt-sessions `auth`, access token in `Authorization: Bearer`. */
export const setup: SetupTarget = (redisUrl) => setupJwtSessions(redisUrl, 'header')
