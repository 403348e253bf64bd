/**
 * Error classes as the built package shows them, from both builds: every class keeps its real
 * `name` (the CommonJS build once named them `_class`, `_class2`, ...), the compat entries' errors
 * too, and `isJwtSessionsError` recognises an error of either copy (run after `npm run build`).
 */
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'

const require = createRequire(import.meta.url)
const dist = join(import.meta.dirname, '../../dist')
type ErrorClass = (new (
  ...args: unknown[]
) => Error & { code: string; status: number }) & { code: string; status: number }
type Core = Record<string, unknown> & { isJwtSessionsError(e: unknown): boolean }

const cjs = () => require(join(dist, 'index.cjs')) as Core
const esm = async () => (await import(pathToFileURL(join(dist, 'index.js')).href)) as Core
/** Every exported class that extends JwtSessionsError. */
const errorClasses = (m: Core): Array<[string, ErrorClass]> => {
  const base = m['JwtSessionsError'] as abstract new () => Error
  return Object.entries(m).filter(
    (e): e is [string, ErrorClass] => typeof e[1] === 'function' && e[1].prototype instanceof base,
  )
}
const instance = (C: ErrorClass): Error & { code: string; status: number } => new C('x', 'y')

describe('error names in every build', () => {
  for (const [build, load] of [
    ['CommonJS', async () => cjs()],
    ['ESM', esm],
  ] as const) {
    it(`${build}: each of the 11 classes is named as exported, on the class and the instance, with its static code and status`, async () => {
      const classes = errorClasses(await load())
      expect(classes.map(([n]) => n).sort()).toEqual([
        'ConfigError',
        'CsrfError',
        'ForbiddenError',
        'NotFoundError',
        'RateLimitedError',
        'RefreshTokenReusedError',
        'SessionRevokedError',
        'StoreUnavailableError',
        'TokenExpiredError',
        'TokenInvalidError',
        'TokenMissingError',
      ])
      for (const [exported, C] of classes) {
        const e = instance(C)
        expect([C.name, e.name], exported).toEqual([exported, exported])
        expect(String(e).startsWith(`${exported}: `)).toBe(true)
        expect([e.code, e.status]).toEqual([C.code, C.status])
      }
    })
  }

  it('the compat entries throw and export errors with their real names, in both builds', async () => {
    for (const ext of ['cjs', 'js']) {
      const file = (name: string) => join(dist, 'compat', `${name}.${ext}`)
      const load = async (name: string) =>
        ext === 'cjs'
          ? (require(file(name)) as Record<string, unknown>)
          : ((await import(pathToFileURL(file(name)).href)) as Record<string, unknown>)
      const jrs = await load('jwt-redis-session')
      const factory = (ext === 'cjs' ? jrs : jrs['default']) as (o: unknown) => unknown
      expect(() => factory({})).toThrow(expect.objectContaining({ name: 'ConfigError' }))
      expect(
        String(
          (() => {
            try {
              factory({})
            } catch (e) {
              return e
            }
          })(),
        ),
      ).toMatch(/^ConfigError: client is required/)
      const rj = await load('redis-jwt')
      const RedisJWT = (ext === 'cjs' ? rj : rj['default']) as new (o: unknown) => unknown
      expect(() => new RedisJWT({ secret: 'short' })).toThrow(
        expect.objectContaining({ name: 'ConfigError', code: 'CONFIG_INVALID' }),
      )
      const sessions = await load('jwt-redis-sessions')
      for (const n of ['AuthError', 'ValidationError', 'TokenError', 'RedisError']) {
        const C = sessions[n] as new (m: string) => Error
        expect(new C('m').name, `${ext} ${n}`).toBe(n)
      }
    }
  })

  it('isJwtSessionsError recognises errors of the other build, and nothing that merely looks close', async () => {
    const c = cjs()
    const e = await esm()
    expect(c['TokenExpiredError']).not.toBe(e['TokenExpiredError'])
    for (const [, C] of errorClasses(c)) expect(e.isJwtSessionsError(instance(C))).toBe(true)
    for (const [, C] of errorClasses(e)) expect(c.isJwtSessionsError(instance(C))).toBe(true)
    for (const fake of [
      null,
      'TOKEN_EXPIRED',
      new Error('x'),
      { code: 'TOKEN_EXPIRED', status: 500, message: 'm' },
      { code: 'NOPE', status: 401, message: 'm' },
      { code: 'TOKEN_EXPIRED', status: 401 },
    ]) {
      expect(c.isJwtSessionsError(fake)).toBe(false)
      expect(e.isJwtSessionsError(fake)).toBe(false)
    }
  })
})
