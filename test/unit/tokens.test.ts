import { createHmac, generateKeyPairSync } from 'node:crypto'
import { createSigner } from 'fast-jwt'
import { describe, expect, it } from 'vitest'
import { createSessions, memoryStore, type KeyInput, type Sessions } from '../../src/index.js'
import { codeOf } from '../helpers/code-of.js'

const SECRET = 'unit-test-secret-that-is-32-bytes-long!'
const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url')

/** Hand-made HS256 token with any header and payload. */
function forge(header: object, payload: object, secret = SECRET): string {
  const body = `${b64(header)}.${b64(payload)}`
  return `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`
}

describe('access tokens', () => {
  const make = (o = {}) =>
    createSessions({ store: memoryStore(), secret: SECRET, issuer: 'iss-a', audience: 'aud-a', ...o })

  it('carries typ at+jwt, kid and the reserved claims; custom claims cannot override them', async () => {
    const s = make()
    const t = await s.create('u1', { claims: { role: 'admin' } })
    const [h, p] = t.accessToken
      .split('.')
      .slice(0, 2)
      .map((x) => JSON.parse(Buffer.from(x!, 'base64url').toString()))
    expect(h).toMatchObject({ alg: 'HS256', typ: 'at+jwt', kid: 'k1' })
    expect(p).toMatchObject({ sub: 'u1', sid: t.sessionId, iss: 'iss-a', aud: 'aud-a', role: 'admin' })
    expect(typeof p.jti).toBe('string')
    expect(p.exp - p.iat).toBe(900)
    for (const claim of ['sub', 'sid', 'jti', 'exp', 'iat', 'iss', 'aud', 'nbf']) {
      expect(await codeOf(s.create('u1', { claims: { [claim]: 'x' } }))).toBe('CONFIG_INVALID')
    }
  })

  it('refuses alg none, algorithm confusion, unknown crit, key-bearing headers, wrong typ, iss, aud and oversize tokens', async () => {
    const s = make()
    const t = await s.create('u1')
    const payload = JSON.parse(Buffer.from(t.accessToken.split('.')[1]!, 'base64url').toString())
    const header = { alg: 'HS256', typ: 'at+jwt', kid: 'k1' }
    expect(await codeOf(s.verify(forge(header, payload)))).toBe('resolved')
    for (const alg of ['none', 'None', 'NONE']) {
      expect(await codeOf(s.verify(`${b64({ ...header, alg })}.${b64(payload)}.`))).toBe('TOKEN_INVALID')
    }
    expect(await codeOf(s.verify(forge({ ...header, alg: 'HS512' }, payload)))).toBe('TOKEN_INVALID')
    expect(await codeOf(s.verify(forge({ ...header, crit: ['exp'] }, payload)))).toBe('TOKEN_INVALID')
    for (const h of ['jku', 'x5u', 'jwk', 'x5c'])
      expect(await codeOf(s.verify(forge({ ...header, [h]: 'x' }, payload)))).toBe('TOKEN_INVALID')
    expect(await codeOf(s.verify(forge({ ...header, typ: 'JWT' }, payload)))).toBe('TOKEN_INVALID')
    expect(await codeOf(s.verify(forge({ ...header, kid: 'other' }, payload)))).toBe('TOKEN_INVALID')
    expect(await codeOf(s.verify(forge(header, { ...payload, iss: 'evil' })))).toBe('TOKEN_INVALID')
    expect(await codeOf(s.verify(forge(header, { ...payload, aud: 'evil' })))).toBe('TOKEN_INVALID')
    expect(await codeOf(s.verify(forge(header, payload, 'another-secret-of-at-least-32-bytes!!')))).toBe(
      'TOKEN_INVALID',
    )
    expect(await codeOf(s.verify(forge(header, { ...payload, pad: 'x'.repeat(9000) })))).toBe('TOKEN_INVALID')
    const { sub: _s, ...noSub } = payload
    expect(await codeOf(s.verify(forge(header, noSub)))).toBe('TOKEN_INVALID')
    const { exp: _e, ...noExp } = payload
    expect(await codeOf(s.verify(forge(header, noExp)))).toBe('TOKEN_INVALID')
    expect(await codeOf(s.verify(forge(header, { ...payload, sub: 'someone-else' })))).toBe('TOKEN_INVALID')
  })

  it('checks exp and nbf with a bounded clock tolerance', async () => {
    let now = Date.now()
    const s = make({ clock: () => now, clockTolerance: '5s', accessTokenTtl: '1m' })
    const t = await s.create('u1')
    now += 60_000 + 4_000
    expect(await codeOf(s.verify(t.accessToken))).toBe('resolved')
    now += 2_000
    const err = await s.verify(t.accessToken).catch((e: unknown) => e)
    expect(err).toMatchObject({ code: 'TOKEN_EXPIRED', status: 401 })
    expect(String((err as Error).message)).not.toContain(t.accessToken)
    const payload = JSON.parse(Buffer.from(t.accessToken.split('.')[1]!, 'base64url').toString())
    const header = { alg: 'HS256', typ: 'at+jwt', kid: 'k1' }
    const future = { ...payload, exp: Math.floor(now / 1000) + 600, nbf: Math.floor(now / 1000) + 60 }
    expect(await codeOf(s.verify(forge(header, future)))).toBe('TOKEN_INVALID')
    expect(() => make({ clockTolerance: '10m' })).toThrow(/clockTolerance/)
  })

  it('validate answers instead of throwing', async () => {
    let now = Date.now()
    const s = make({ clock: () => now, accessTokenTtl: '20m' })
    const t = await s.create('u1')
    expect(await s.validate(t.accessToken)).toMatchObject({
      isValid: true,
      isExpired: false,
      needsRefresh: false,
      userId: 'u1',
      expiresAt: t.accessTokenExpiresAt,
    })
    now += 16 * 60_000
    expect(await s.validate(t.accessToken)).toMatchObject({ isValid: true, needsRefresh: true })
    now += 10 * 60_000
    expect(await s.validate(t.accessToken)).toMatchObject({
      isValid: false,
      isExpired: true,
      needsRefresh: true,
      timeUntilExpiry: 0,
      userId: 'u1',
    })
    for (const bad of ['', 'x', 'a.b.c', null, 42, {}, t.refreshToken]) {
      expect(await s.validate(bad as string)).toMatchObject({ isValid: false, userId: null })
    }
  })
})

describe('per-session iss/aud', () => {
  it('without issuer/audience options a caller may set iss/aud (strings) per session; with them they stay reserved', async () => {
    const free = createSessions({ store: memoryStore(), secret: SECRET })
    const t = await free.create('u1', { claims: { iss: 'app', aud: ['a.example', 'b.example'] } })
    const p = JSON.parse(Buffer.from(t.accessToken.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>
    expect(p).toMatchObject({ iss: 'app', aud: ['a.example', 'b.example'] })
    expect((await free.verify(t.accessToken)).claims).toMatchObject({ iss: 'app' })
    expect(await codeOf(free.create('u1', { claims: { aud: 5 } }))).toBe('CONFIG_INVALID')
    const owned = createSessions({ store: memoryStore(), secret: SECRET, issuer: 'me' })
    expect(await codeOf(owned.create('u1', { claims: { iss: 'app' } }))).toBe('CONFIG_INVALID')
    expect(await codeOf(owned.create('u1', { claims: { aud: 'x' } }))).toBe('resolved')
  })
})

describe('key rings', () => {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
  const ed = generateKeyPairSync('ed25519')
  const pem = (k: { privateKey: { export(o: object): string | Buffer } }) =>
    k.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string
  const ring = (keys: KeyInput[]) => createSessions({ store: memoryStore(), keys })

  it.each([
    ['EdDSA', pem(ed)],
    ['ES256', pem(ec)],
    ['RS256', pem(rsa)],
    ['PS256', pem(rsa)],
  ] as const)('signs and verifies with %s and publishes the public key as JWKS', async (alg, key) => {
    const s = ring([{ kid: 'a1', alg, key }])
    const t = await s.create('u')
    expect((await s.verify(t.accessToken)).userId).toBe('u')
    const jwks = s.jwks()
    expect(jwks.keys).toHaveLength(1)
    expect(jwks.keys[0]).toMatchObject({ kid: 'a1', alg, use: 'sig' })
    expect(JSON.stringify(jwks)).not.toMatch(/"d":/)
  })

  it('signs with the newest active key, verifies with any non-retired key, refuses retired ones', async () => {
    const store = memoryStore()
    const k1 = { kid: 'k1', alg: 'HS256' as const, key: 'a'.repeat(32) }
    const k2 = { kid: 'k2', alg: 'HS256' as const, key: 'b'.repeat(32) }
    const old = createSessions({ store, keys: [k1] })
    const t1 = await old.create('u')
    const rotated = createSessions({ store, keys: [{ ...k1, status: 'verify' }, k2] })
    const t2 = await rotated.create('u')
    expect(JSON.parse(Buffer.from(t2.accessToken.split('.')[0]!, 'base64url').toString()).kid).toBe('k2')
    await rotated.verify(t1.accessToken)
    await rotated.refresh(t1.refreshToken)
    const retired = createSessions({ store, keys: [{ ...k1, status: 'retired' }, k2] })
    expect(await codeOf(retired.verify(t1.accessToken))).toBe('TOKEN_INVALID')
    await retired.verify(t2.accessToken)
  })

  it('refuses a forged HS256 token signed with the RSA public key (algorithm confusion)', async () => {
    const s = ring([{ kid: 'r', alg: 'RS256', key: pem(rsa) }])
    const t = await s.create('u')
    const publicPem = rsa.publicKey.export({ type: 'spki', format: 'pem' }) as string
    const payload = JSON.parse(Buffer.from(t.accessToken.split('.')[1]!, 'base64url').toString())
    const forged = forge({ alg: 'HS256', typ: 'at+jwt', kid: 'r' }, payload, publicPem)
    expect(await codeOf(s.verify(forged))).toBe('TOKEN_INVALID')
    const signer = createSigner({
      key: 'x'.repeat(32),
      algorithm: 'HS256',
      header: { alg: 'HS256', typ: 'at+jwt', kid: 'r' },
    })
    expect(await codeOf(s.verify(signer(payload)))).toBe('TOKEN_INVALID')
  })

  it('refuses bad configurations with errors naming the option', () => {
    expect(() => createSessions({ store: memoryStore() })).toThrow(/secret is required/)
    expect(() => createSessions({ store: memoryStore(), secret: 'short' })).toThrow(/at least 32 bytes/)
    expect(() => ring([{ kid: 'h', alg: 'HS512', key: 'x'.repeat(32) }])).toThrow(
      /keys\[0\]\.key must be at least 64 bytes/,
    )
    expect(() =>
      ring([
        { kid: 'h', alg: 'HS256', key: 'x'.repeat(32) },
        { kid: 'e', alg: 'EdDSA', key: pem(ed) },
      ]),
    ).toThrow(/mix/)
    expect(() => ring([{ kid: 'e', alg: 'ES256', key: pem(ed) }])).toThrow(/does not match/)
    expect(() => ring([{ kid: 'n', alg: 'none' as 'HS256', key: 'x'.repeat(32) }])).toThrow(/alg must be one of/)
    expect(() => ring([])).toThrow(/non-empty/)
    expect(() => createSessions({ store: memoryStore(), secret: SECRET, accessTokenTtl: '15 minutes' })).toThrow(
      'accessTokenTtl must be a duration like "15m"',
    )
    expect(() => createSessions({ store: memoryStore(), secret: SECRET, maxSessionsPerUser: 0 })).toThrow(
      /maxSessionsPerUser/,
    )
    expect(() => createSessions({ store: memoryStore(), secret: SECRET, acessTokenTtl: '1m' } as never)).toThrow(
      /unknown option "acessTokenTtl"/,
    )
    expect(() => createSessions({ store: {} as never, secret: SECRET })).toThrow(/store is required/)
  })
})

describe('refresh tokens', () => {
  let s: Sessions
  it('are opaque, 256-bit, and refused when mutated, truncated or given in place of an access token', async () => {
    s = createSessions({ store: memoryStore(), secret: SECRET })
    const t = await s.create('u')
    expect(t.refreshToken.startsWith('rt1.')).toBe(true)
    expect(Buffer.from(t.refreshToken.split('.')[3]!, 'base64url')).toHaveLength(32)
    const flipped = t.refreshToken.slice(0, -3) + (t.refreshToken.endsWith('A') ? 'B' : 'A') + t.refreshToken.slice(-2)
    expect(await codeOf(s.refresh(flipped))).toBe('TOKEN_INVALID')
    expect(await codeOf(s.refresh(t.refreshToken.slice(0, 40)))).toBe('TOKEN_INVALID')
    expect(await codeOf(s.refresh(t.accessToken))).toBe('TOKEN_INVALID')
    expect(await codeOf(s.verify(t.refreshToken))).toBe('TOKEN_INVALID')
    // A mutated token never reaches reuse detection: the session survives.
    await s.verify(t.accessToken)
    const other = createSessions({ store: memoryStore(), secret: 'another-secret-with-32-bytes-at-least' })
    expect(await codeOf(other.refresh(t.refreshToken))).toBe('TOKEN_INVALID')
  })
})
