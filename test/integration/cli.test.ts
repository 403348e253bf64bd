import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { afterAll, describe, expect, it } from 'vitest'
import { runCli } from '../../src/cli/run.js'
import { createSessions, redisStore } from '../../src/index.js'
import { cleanupPrefix, redisUrl, uniquePrefix } from '../helpers/redis.js'

const SECRET = 'cli-secret-of-at-least-thirty-two-bytes!'
const prefix = uniquePrefix('cli')
const env = { JWT_SECRET: SECRET, REDIS_URL: redisUrl(), REDIS_KEY_PREFIX: prefix }

async function cli(...argv: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = []
  const code = await runCli(argv, (l) => lines.push(l), env)
  return { code, out: lines.join('\n') }
}

describe('jwt-sessions CLI', () => {
  afterAll(() => cleanupPrefix(prefix))

  it('lists, revokes and reports sessions with deliberate exit codes', async () => {
    const s = createSessions({ store: redisStore({ url: redisUrl(), keyPrefix: prefix }), secret: SECRET })
    const a = await s.create('carol', { meta: { userAgent: 'cli-test' } })
    await s.create('carol')
    const listed = await cli('list', 'carol')
    expect(listed.code).toBe(0)
    expect(JSON.parse(listed.out)).toHaveLength(2)
    expect(listed.out).not.toContain(a.refreshToken)
    expect(await cli('verify', a.accessToken)).toMatchObject({ code: 0 })
    expect(await cli('revoke', a.sessionId)).toEqual({ code: 0, out: 'revoked' })
    expect(await cli('revoke', a.sessionId)).toEqual({ code: 1, out: 'no such session' })
    expect(await cli('verify', a.accessToken)).toEqual({ code: 1, out: 'SESSION_REVOKED: The session has ended' })
    expect(await cli('revoke-all', 'carol')).toEqual({ code: 0, out: 'revoked 1' })
    expect(JSON.parse((await cli('stats', 'carol')).out)).toMatchObject({ activeSessions: 0 })
    expect(await cli('health')).toMatchObject({ code: 0 })
    await s.close()
  })

  it('answers usage errors with exit code 2 and never a stack trace', async () => {
    expect((await cli()).code).toBe(2)
    expect(await cli('nope')).toMatchObject({ code: 2 })
    expect(await cli('list')).toEqual({ code: 2, out: 'CONFIG_INVALID: missing <userId>' })
    const bad = await runCli(['list', 'u'], () => undefined, { JWT_SECRET: 'short' })
    expect(bad).toBe(2)
    expect((await cli('decode', 'garbage')).code).toBe(1)
    expect((await cli('secret')).out).toMatch(/^[0-9a-f]{64}$/)
    expect(JSON.parse((await cli('keygen', '--alg', 'ES256', '--kid', 'k')).out.split('\n}\n')[0] + '}')).toMatchObject({ kid: 'k', alg: 'ES256' })
  })

  it('runs as the installed bin', () => {
    expect(existsSync('dist/cli/index.js'), 'dist/cli/index.js is missing: npm test builds first (npm run build)').toBe(true)
    const r = spawnSync(process.execPath, ['dist/cli/index.js', 'secret', '--bytes', '48'], { encoding: 'utf8' })
    expect(r.status).toBe(0)
    expect(r.stdout.trim()).toMatch(/^[0-9a-f]{96}$/)
    const u = spawnSync(process.execPath, ['dist/cli/index.js', 'list'], { encoding: 'utf8', env: { ...process.env, ...env } })
    expect(u.status).toBe(2)
    expect(u.stdout).toContain('CONFIG_INVALID')
    expect(u.stderr).not.toMatch(/\n\s+at /)
  })
})
