import type { SetupTarget } from '../types.js'
import { setupJwtSessions } from './jwt-sessions.js'

/** jwt-sessions `auth` (header) with telemetry switched off: the baseline of the metrics-on row. */
export const setup: SetupTarget = (redisUrl) => setupJwtSessions(redisUrl, 'header', { telemetry: false })
