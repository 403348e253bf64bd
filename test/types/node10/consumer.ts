// A CommonJS TypeScript project with `moduleResolution: node10` (no `exports` support): the subpath
// types must come through `typesVersions`. Compiled by test/integration/pack.test.ts inside a scratch
// project where the packed tarball is installed; each @ts-expect-error is a negative test.
import { createSessions, memoryStore } from 'jwt-sessions'
import { expressSessions } from 'jwt-sessions/express'
import { TokenManager } from 'jwt-sessions/client'
import RedisJWT = require('jwt-sessions/compat/redis-jwt')

const sessions = createSessions<{ role: string }>({ store: memoryStore(), secret: 'x'.repeat(32) })
export const jwt = expressSessions(sessions)
export const tm = new TokenManager({ baseUrl: '/api/token' })
export const r = new RedisJWT({ secret: 'y'.repeat(32) })

// @ts-expect-error the session data type is checked, so the types are real (not `any`)
export const bad = sessions.create('u', { data: { role: 1 } })
// @ts-expect-error expressSessions needs a sessions object
expressSessions(42)
