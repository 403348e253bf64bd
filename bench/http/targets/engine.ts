import { createSessions, redisStore, type Sessions, type SessionsOptions } from '../../../src/index.js'
import { SECRET, TOKEN_TTL_MS } from '../types.js'

/**
 * The engine of a jwt-sessions row: default options on `redisStore({ url })` (the node-redis
 * connection it opens itself) under its own key prefix, but access tokens that outlive the run.
 * `extra` adds engine options (the local-cache and telemetry rows).
 */
export function benchSessions(redisUrl: string, keyPrefix: string, extra: Partial<SessionsOptions> = {}): Sessions {
  return createSessions({
    store: redisStore({ url: redisUrl, keyPrefix }),
    secret: SECRET,
    accessTokenTtl: TOKEN_TTL_MS,
    ...extra,
  })
}
