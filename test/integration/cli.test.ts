import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type CliIo, runCli } from '../../src/cli/run.js'
import { createSessions, redisStore } from '../../src/index.js'
import { cleanupPrefix, redisUrl, uniquePrefix } from '../helpers/redis.js'

const SECRET = 'cli-secret-of-at-least-thirty-two-bytes!'
const prefix = uniquePrefix('cli')
const env = { JWT_SECRET: SECRET, REDIS_URL: redisUrl(), REDIS_KEY_PREFIX: prefix }
/** A port nothing listens on: connections are refused at once. */
const DEAD_REDIS = 'redis://127.0.0.1:1'
const VERSION = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = []
  const err: string[] = []
  const io: CliIo = { out: (t) => out.push(t), err: (t) => err.push(t) }
  const code = await runCli(argv, io, env)
  return { code, out: out.join('\n'), err: err.join('\n') }
}

/** The built bin as a child process; it must exit by itself well before the kill timeout. */
function bin(args: string[], extraEnv: Record<string, string> = env): Promise<Run> {
  const started = Date.now()
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['dist/cli/index.js', ...args], {
      env: { PATH: process.env.PATH ?? '', ...extraEnv },
      // Far beyond any normal run: only a process that never exits by itself is killed.
      timeout: 20_000,
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.on('close', (status, signal) => resolve({ status, signal, stdout, stderr, ms: Date.now() - started }))
  })
}

interface Run {
  status: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
  ms: number
}

/** What every failing run must look like: its exit code, nothing on stdout, no stack, no Node internals. */
async function expectFailure(run: Promise<Run>, status: number, stderr: RegExp): Promise<void> {
  const r = await run
  expect(r.signal, `killed after ${r.ms} ms: the CLI did not exit by itself`).toBeNull()
  expect(r.status).toBe(status)
  expect(r.stdout).toBe('')
  expect(r.stderr).toMatch(stderr)
  expect(r.stderr).not.toMatch(/\n\s+at |ERR_PARSE_ARGS|TypeError/)
}

describe('jwt-sessions CLI', () => {
  beforeAll(() => {
    expect(existsSync('dist/cli/index.js'), 'dist/cli/index.js is missing: npm test builds first (npm run build)').toBe(
      true,
    )
  })
  afterAll(() => cleanupPrefix(prefix))

  it('lists, revokes and reports sessions with deliberate exit codes', async () => {
    const s = createSessions({ store: redisStore({ url: redisUrl(), keyPrefix: prefix }), secret: SECRET })
    const a = await s.create('carol', { meta: { userAgent: 'cli-test' } })
    await s.create('carol')
    const listed = await cli('list', 'carol')
    expect(listed.code).toBe(0)
    expect(JSON.parse(listed.out)).toHaveLength(2)
    expect(listed.out).not.toContain(a.refreshToken)
    expect(await cli('verify', a.accessToken)).toMatchObject({ code: 0, err: '' })
    expect(await cli('revoke', a.sessionId)).toEqual({ code: 0, out: 'revoked', err: '' })
    expect(await cli('revoke', a.sessionId)).toEqual({ code: 1, out: '', err: 'NOT_FOUND: no such session' })
    expect(await cli('verify', a.accessToken)).toEqual({
      code: 1,
      out: '',
      err: 'SESSION_REVOKED: The session has ended',
    })
    expect(await cli('revoke-all', 'carol')).toEqual({ code: 0, out: 'revoked 1', err: '' })
    expect(await cli('health')).toMatchObject({ code: 0, err: '' })
    await s.close()
  })

  it('stats prints what the store holds, not per-process counters that are always zero', async () => {
    const s = createSessions({ store: redisStore({ url: redisUrl(), keyPrefix: prefix }), secret: SECRET })
    await s.create('dora')
    await s.create('dora')
    const r = await cli('stats', 'dora')
    expect(r.code).toBe(0)
    const stats = JSON.parse(r.out) as Record<string, unknown>
    expect(stats).toMatchObject({ activeSessions: 2, userId: 'dora' })
    expect(stats).not.toHaveProperty('counters')
    await s.revokeAll('dora')
    await s.close()
  })

  it('answers usage errors with exit code 2 on stderr, never a stack trace', async () => {
    expect((await cli()).code).toBe(2)
    expect(await cli('nope')).toMatchObject({ code: 2, out: '' })
    expect(await cli('list')).toMatchObject({
      code: 2,
      out: '',
      err: expect.stringMatching(/^usage: list: missing <userId>/),
    })
    expect(await cli('decode')).toMatchObject({ code: 2, out: '' })
    expect(await cli('list', 'a', 'b')).toMatchObject({
      code: 2,
      err: expect.stringContaining('unexpected argument "b"'),
    })
    expect(await runCli(['list', 'u'], { out: () => undefined, err: () => undefined }, { JWT_SECRET: 'short' })).toBe(2)
    expect(await cli('decode', 'garbage')).toMatchObject({
      code: 1,
      out: '',
      err: 'TOKEN_INVALID: not a JWS compact token',
    })
    expect((await cli('secret')).out).toMatch(/^[0-9a-f]{64}$/)
  })

  it('every command has --help (exit 0, on stdout) and refuses unknown flags with exit 2', async () => {
    const top = await bin(['--help'])
    expect(top.status).toBe(0)
    const names = [...top.stdout.matchAll(/^ {2}([a-z][a-z-]+)\b/gm)]
      .map((m) => m[1] ?? '')
      .filter((n) => n !== 'jwt-sessions')
    expect(names).toEqual(['secret', 'keygen', 'decode', 'verify', 'list', 'revoke', 'revoke-all', 'stats', 'health'])
    // One at a time: many Node processes at once on a busy machine would only measure the machine.
    for (const name of names) {
      const h = await bin([name, '--help'])
      expect(h.status, name).toBe(0)
      expect(h.stdout).toContain(`usage: jwt-sessions ${name}`)
      expect(h.stderr).toBe('')
      await expectFailure(bin([name, '--frobnicate']), 2, new RegExp(`^usage: ${name}: unknown option '--frobnicate'`))
    }
    expect((await bin(['list', '-h'])).status).toBe(0)
    await expectFailure(bin([]), 2, /^usage: jwt-sessions <command>/)
    await expectFailure(bin(['nope']), 2, /^usage: unknown command "nope"/)
  }, 120_000)

  it('--version prints the package version', async () => {
    const r = await bin(['--version'])
    expect(r).toMatchObject({ status: 0, stdout: `${VERSION}\n`, stderr: '' })
  })

  it('errors never reach stdout, so $(jwt-sessions ...) captures only results', { timeout: 60_000 }, async () => {
    await expectFailure(bin(['secret', '--bytes', '8']), 2, /--bytes must be an integer from 32 to 1024/)
    await expectFailure(bin(['secret', '--bytes']), 2, /^usage: secret: option '--bytes <value>' argument missing/)
    await expectFailure(bin(['keygen', '--alg', 'HS1']), 2, /--alg must be one of/)
    await expectFailure(bin(['decode']), 2, /^usage: decode: missing <accessToken>/)
    await expectFailure(bin(['list'], { JWT_SECRET: 'short' }), 2, /^usage: list: missing/)
    await expectFailure(
      bin(['list', 'u'], { JWT_SECRET: 'short' }),
      2,
      /^CONFIG_INVALID: JWT_SECRET must be at least 32 bytes/,
    )
    const r = await bin(['secret', '--bytes', '48'])
    expect(r.status).toBe(0)
    expect(r.stdout.trim()).toMatch(/^[0-9a-f]{96}$/)
  })

  it('keygen prints one JSON document: the key ring entry and the public JWK', async () => {
    const r = await bin(['keygen', '--alg', 'ES256', '--kid', 'k'])
    expect(r.status).toBe(0)
    const doc = JSON.parse(r.stdout) as { key: Record<string, string>; jwk: Record<string, string> }
    expect(doc.key).toMatchObject({ kid: 'k', alg: 'ES256', key: expect.stringContaining('BEGIN PRIVATE KEY') })
    expect(doc.jwk).toMatchObject({ kid: 'k', alg: 'ES256', kty: 'EC', use: 'sig' })
    expect(doc.jwk).not.toHaveProperty('d')
  })

  it('exits by itself with its code after an error, whatever state Redis is in', async () => {
    // Reachable Redis, refused token / unknown session.
    await expectFailure(bin(['verify', 'abc']), 1, /^TOKEN_INVALID: /)
    await expectFailure(bin(['revoke', 'no-such-session-id']), 1, /^NOT_FOUND: no such session/)
    // Nothing listening: the store is unavailable, and the process still ends.
    const dead = { ...env, REDIS_URL: DEAD_REDIS }
    await expectFailure(bin(['verify', 'abc'], dead), 1, /^TOKEN_INVALID: /)
    await expectFailure(bin(['list', 'carol'], dead), 1, /^STORE_UNAVAILABLE: /m)
    await expectFailure(bin(['health'], dead), 1, /^STORE_UNAVAILABLE: /m)
    const ok = await bin(['health'])
    expect(ok.status).toBe(0)
    expect(JSON.parse(ok.stdout)).toMatchObject({ ok: true })
  }, 60_000)
})
