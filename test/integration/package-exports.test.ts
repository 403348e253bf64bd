import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

// Every entry point of the contract, imported by name (package self-reference) from CommonJS, ESM
// and TypeScript consumers, against the built `dist/` (npm test builds first).
const ENTRIES: Record<string, string[]> = {
  'jwt-sessions': [
    'createSessions',
    'sessionsFromEnv',
    'redisStore',
    'memoryStore',
    'ConfigError',
    'TokenInvalidError',
    'StoreUnavailableError',
    'JwtSessionsError',
  ],
  'jwt-sessions/express': ['expressSessions'],
  'jwt-sessions/node': ['nodeSessions', 'sendNode'],
  'jwt-sessions/fetch': ['fetchSessions', 'toResponse'],
  'jwt-sessions/hono': ['honoSessions', 'fromHonoException', 'toResponse'],
  'jwt-sessions/fastify': ['fastifySessions', 'frameworkErrors', 'sendFastify'],
  'jwt-sessions/koa': ['koaSessions', 'sendKoa'],
  'jwt-sessions/adapter': ['createAdapter', 'readJsonBody', 'errorResponse', 'createLimiter'],
  'jwt-sessions/client': ['TokenManager'],
  'jwt-sessions/compat/jwt-redis-sessions': ['generateToken', 'refreshToken', 'auth'],
  'jwt-sessions/compat/redis-jwt': ['default'],
  'jwt-sessions/compat/jwt-redis-session': ['default'],
}

function node(args: string[]) {
  return spawnSync(process.execPath, args, { encoding: 'utf8', cwd: process.cwd() })
}

describe('package entry points', () => {
  it('are built', () => {
    expect(existsSync('dist/index.js'), 'dist/ is missing: run npm run build (npm test does)').toBe(true)
  })

  for (const [entry, names] of Object.entries(ENTRIES)) {
    it(`${entry} loads from ESM and CommonJS with its exports`, () => {
      const esm = node([
        '--input-type=module',
        '-e',
        `const m = await import('${entry}'); console.log(JSON.stringify(Object.keys(m)))`,
      ])
      expect(esm.stderr).toBe('')
      const esmKeys = JSON.parse(esm.stdout) as string[]
      for (const n of names) expect(esmKeys).toContain(n)
      const cjs = node(['-e', `const m = require('${entry}'); console.log(JSON.stringify(Object.keys(m)))`])
      expect(cjs.stderr).toBe('')
      const cjsKeys = JSON.parse(cjs.stdout) as string[]
      for (const n of names.filter((x) => x !== 'default')) expect(cjsKeys).toContain(n)
    })
  }

  // tsconfig.koa.json: koa.ts alone, without the library check that @types/koa does not pass.
  it.each(['tsconfig.json', 'tsconfig.koa.json'])(
    'types resolve for a TypeScript consumer, with the negative cases rejected (test/types/%s)',
    (config) => {
      const r = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', `test/types/${config}`], {
        encoding: 'utf8',
      })
      expect(r.stdout + r.stderr).toBe('')
      expect(r.status).toBe(0)
    },
    60_000,
  )
})
