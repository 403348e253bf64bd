// Tokens signed with the configured key but carrying impossible time claims (as a leaked key's
// minter could make): refused with TOKEN_INVALID by verify/validate, 401 over HTTP, never a 500.
import { createHmac } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import type { Server } from 'node:http'
import express from 'express'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSessions, memoryStore, type Sessions } from '../../src/index.js'
import { expressSessions } from '../../src/adapters/express/index.js'
import { codeOf } from '../helpers/code-of.js'

const SECRET = 'token-claims-secret-of-at-least-32-bytes'
const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url')

/** Re-signs a real token's payload with `change` applied, with the configured key. */
function mint(token: string, change: Record<string, unknown>): string {
  const [h, p] = token.split('.') as [string, string]
  const payload = { ...JSON.parse(Buffer.from(p, 'base64url').toString()), ...change }
  for (const [k, v] of Object.entries(change)) if (v === undefined) delete payload[k]
  const body = `${h}.${b64(payload)}`
  return `${body}.${createHmac('sha256', SECRET).update(body).digest('base64url')}`
}

describe('access tokens with impossible time claims', () => {
  let s: Sessions
  let server: Server
  let base: string
  let token: string
  let refreshToken: string
  let iat: number
  beforeAll(async () => {
    s = createSessions({ store: memoryStore(), secret: SECRET, accessTokenTtl: '15m' })
    const jwt = expressSessions(s)
    const app = express()
    app.use(express.json())
    app.get('/profile', jwt.auth, (req, res) => res.json({ user: req.user }))
    app.use('/api/token', jwt.routes())
    app.use(jwt.errorHandler())
    server = await new Promise<Server>((resolve) => {
      const srv = app.listen(0, '127.0.0.1', () => resolve(srv))
    })
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    const t = await s.create('mallory')
    token = t.accessToken
    refreshToken = t.refreshToken
    iat = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).iat as number
  })
  afterAll(async () => {
    await new Promise((r) => server.close(r))
    await s.close()
  })

  const post = (path: string, body: unknown) =>
    fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })

  const cases: Array<[string, Record<string, unknown>]> = [
    ['exp 1e20', { exp: 1e20 }],
    ['exp 2^53', { exp: 2 ** 53 }],
    ['exp 1e23', { exp: 1e23 }],
    ['iat "x"', { iat: 'x' }],
    ['iat -1e15', { iat: -1e15 }],
    ['iat 1e30', { iat: 1e30 }],
    ['no iat', { iat: undefined }],
    ['nbf -1e15', { nbf: -1e15 }],
    ['nbf "x"', { nbf: 'x' }],
    ['nbf 1e30', { nbf: 1e30 }],
    ['a lifetime of 1 h where 15 min are issued', { exp: 'LONG' }],
  ]
  const forged = (change: Record<string, unknown>) =>
    mint(token, change['exp'] === 'LONG' ? { exp: iat + 3600 } : change)

  it('the unchanged token and one re-signed as issued are accepted (the minting is right)', async () => {
    expect(await codeOf(s.verify(mint(token, {})))).toBe('resolved')
    // The longest lifetime issued, plus the clock tolerance, still passes.
    expect(await codeOf(s.verify(mint(token, { exp: iat + 900 + 5 })))).toBe('resolved')
  })

  for (const [name, change] of cases) {
    it(`${name}: verify and validate refuse it with TOKEN_INVALID; HTTP answers 401, never 500`, async () => {
      const t = forged(change)
      expect(await codeOf(s.verify(t))).toBe('TOKEN_INVALID')
      expect(await s.validate(t)).toMatchObject({ isValid: false, code: 'TOKEN_INVALID', expiresAt: null })

      const profile = await fetch(`${base}/profile`, { headers: { authorization: `Bearer ${t}` } })
      expect(profile.status).toBe(401)
      expect(await profile.json()).toMatchObject({ error: { code: 'TOKEN_INVALID' } })

      // Seed 004's validate endpoint reports a refused token in its 200 envelope.
      const v = await post('/api/token/validate', { accessToken: t })
      expect(v.status).toBe(200)
      expect(await v.json()).toMatchObject({ success: true, data: { isValid: false, expiresAt: null } })

      const auto = await post('/api/token/auto-refresh', { accessToken: t })
      expect(auto.status).toBe(401)
      expect(await auto.json()).toMatchObject({ success: false, error: { code: 'TOKEN_MISSING' } })
    })
  }

  it('auto-refresh with such a token and a good refresh token refreshes instead of answering 500', async () => {
    const r = await post('/api/token/auto-refresh', { accessToken: forged({ exp: 1e20 }), refreshToken })
    expect(r.status).toBe(200)
    expect(await r.json()).toMatchObject({ success: true, data: { refreshed: true } })
  })
})
