import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createSessions, JwtSessionsError, memoryStore } from '../../src/index.js'

const SECRET = 'property-test-secret-of-32-bytes-or-more'
const TYPED = new Set(['TOKEN_INVALID', 'TOKEN_EXPIRED', 'SESSION_REVOKED', 'REFRESH_TOKEN_REUSED', 'CONFIG_INVALID'])

async function outcome(p: Promise<unknown>): Promise<string> {
  try {
    await p
    return 'ok'
  } catch (err) {
    if (!(err instanceof JwtSessionsError)) throw err
    expect(TYPED.has(err.code)).toBe(true)
    return err.code
  }
}

/** One mutation of a token: flip, drop, insert, truncate, duplicate a segment, swap segments. */
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), ch: fc.constantFrom(...'AZaz09-_.=+/ %\u0000\u00e9') }),
  fc.record({ kind: fc.constant('drop' as const), at: fc.nat(), n: fc.integer({ min: 1, max: 20 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), s: fc.string({ maxLength: 12 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('segments' as const), a: fc.nat(), b: fc.nat() }),
)
type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never

function apply(token: string, m: Mutation): string {
  const at = (n: number) => n % (token.length + 1)
  switch (m.kind) {
    case 'flip':
      return token.slice(0, at(m.at)) + m.ch + token.slice(at(m.at) + 1)
    case 'drop':
      return token.slice(0, at(m.at)) + token.slice(at(m.at) + m.n)
    case 'insert':
      return token.slice(0, at(m.at)) + m.s + token.slice(at(m.at))
    case 'truncate':
      return token.slice(0, at(m.at))
    case 'segments': {
      const parts = token.split('.')
      const i = m.a % parts.length
      const j = m.b % parts.length
      ;[parts[i], parts[j]] = [parts[j]!, parts[i]!]
      return parts.join('.')
    }
  }
}

describe('garbage in, typed errors out', () => {
  it('10,000 mutated access and refresh tokens into verify, validate, refresh and revoke yield only typed errors', async () => {
    const s = createSessions({ store: memoryStore(), secret: SECRET })
    const t = await s.create('victim')
    let runs = 0
    await fc.assert(
      fc.asyncProperty(fc.boolean(), fc.array(mutation, { minLength: 1, maxLength: 3 }), async (useRefresh, ms) => {
        runs++
        const token = ms.reduce(apply, useRefresh ? t.refreshToken : t.accessToken)
        const v = await outcome(s.verify(token))
        if (token !== t.accessToken) expect(v).not.toBe('ok')
        // validate agrees with verify: valid exactly when verify resolved, else the same code.
        const val = await s.validate(token)
        expect(val.isValid).toBe(v === 'ok')
        if (v !== 'ok') expect(val.code).toBe(v)
        if (token !== t.refreshToken) expect(await outcome(s.refresh(token))).not.toBe('ok')
        // A truncation can leave exactly the session id (`rt1.<tag>.<key>...` cut to `<tag>.<key>`): revoking by
        // id is the API working, not a forgery, so only a mutation that is none of the three handles may revoke.
        const handle = token === t.accessToken || token === t.refreshToken || token === t.sessionId
        expect(await s.revoke(handle ? 'x' : token)).toBe(false)
      }),
      { numRuns: 10_000 },
    )
    expect(runs).toBe(10_000)
    // The victim's session survived every forged and mutated token.
    await s.verify(t.accessToken)
  }, 120_000)

  it('non-strings, empty, 1 MB strings and wrong token kinds are typed errors for every public method', async () => {
    const s = createSessions({ store: memoryStore(), secret: SECRET })
    const t = await s.create('u')
    const junk: unknown[] = [
      undefined,
      null,
      0,
      42,
      true,
      {},
      [],
      '',
      ' ',
      'x'.repeat(1024 * 1024),
      'a.b.c',
      'rt1.a.b.c.d',
    ]
    expect(await outcome(s.verify(t.refreshToken))).toBe('TOKEN_INVALID')
    expect((await s.validate(t.refreshToken)).isValid).toBe(false)
    for (const j of junk) {
      expect(await outcome(s.verify(j as string))).toBe('TOKEN_INVALID')
      expect((await s.validate(j as string)).isValid).toBe(false)
      expect(await s.revoke(j as string)).toBe(false)
      expect(await s.get(j as string)).toBeNull()
      expect(await s.update(j as string, {})).toBe(false)
      expect(await s.touch(j as string)).toBe(false)
    }
    for (const j of junk) expect(await outcome(s.refresh(j as string))).toBe('TOKEN_INVALID')
    expect(await outcome(s.refresh(t.accessToken))).toBe('TOKEN_INVALID')
    for (const j of [undefined, null, '', {}, 'x'.repeat(1024 * 1024)]) {
      expect(await outcome(s.create(j as string))).toBe('CONFIG_INVALID')
      expect(await outcome(s.list(j as string))).toBe('CONFIG_INVALID')
      expect(await outcome(s.revokeAll(j as string))).toBe('CONFIG_INVALID')
    }
    await s.verify(t.accessToken)
  })
})
