// Bad input on every route: a 4xx in the contract's envelope, never a 500, never a stack trace.
import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import type { HttpDriver } from '../driver.js'
import { useApp } from './context.js'

type Case = [label: string, request: () => Promise<Response>, status: number, code: string]

export function badInputSuite(driver: HttpDriver): void {
  describe(`${driver.name}: bad input`, () => {
    const app = useApp(driver)
    const raw = (path: string, body: string | Uint8Array, headers: Record<string, string> = {}) =>
      fetch(app.base + path, { method: 'POST', headers, body })
    const json = { 'content-type': 'application/json' }

    const expectCases = async (cases: Case[]) => {
      for (const [label, request, status, code] of cases) {
        const r = await request()
        const text = await r.text()
        expect(text, label).not.toMatch(/\bat .+:\d+:\d+|<html|<pre>/i)
        const body = JSON.parse(text) as { error?: { code: string } }
        expect([label, r.status, body.error?.code]).toEqual([label, status, code])
        expect(r.headers.get('content-type'), label).toMatch(/^application\/json/)
      }
    }

    it('bodies: missing, empty, wrong types, arrays, too large', async () => {
      await expectCases([
        ['no body', () => app.post('/api/token/refresh'), 401, 'TOKEN_MISSING'],
        ['empty object', () => app.post('/api/token/refresh', {}), 401, 'TOKEN_MISSING'],
        ['wrong type', () => app.post('/api/token/refresh', { refreshToken: 7 }), 400, 'BAD_REQUEST'],
        ['empty string', () => app.post('/api/token/refresh', { refreshToken: '  ' }), 400, 'BAD_REQUEST'],
        ['garbage token', () => app.post('/api/token/refresh', { refreshToken: 'rt1.garbage' }), 401, 'TOKEN_INVALID'],
        [
          'access token as refresh',
          () => app.post('/refresh', { refreshToken: 'eyJhbGciOiJub25lIn0.e30.' }),
          401,
          'TOKEN_INVALID',
        ],
        ['array body', () => raw('/api/token/refresh', '[1]', json), 400, 'BAD_REQUEST'],
        ['string body', () => raw('/refresh', '"rt"', json), 400, 'BAD_REQUEST'],
        [
          '1 MB',
          () => raw('/api/token/refresh', JSON.stringify({ refreshToken: 'x'.repeat(1 << 20) }), json),
          413,
          'PAYLOAD_TOO_LARGE',
        ],
        ['plain refresh, no body', () => app.post('/refresh'), 401, 'TOKEN_MISSING'],
        ['validate, null token', () => app.post('/api/token/validate', { accessToken: null }), 401, 'TOKEN_MISSING'],
      ])
    })

    it('unreadable bodies: not JSON, wrong content type', async () => {
      const cases: Case[] = [
        ['non-JSON', () => raw('/api/token/refresh', '{nope', json), 400, 'BAD_REQUEST'],
        ['non-JSON plain', () => raw('/refresh', '{nope', json), 400, 'BAD_REQUEST'],
        ['truncated JSON', () => raw('/logout', '{"refreshToken":', json), 400, 'BAD_REQUEST'],
      ]
      // A body parser in front reads these as "not mine" (the adapter then sees no body).
      if (!driver.parsesBodies) {
        cases.push([
          'text/plain',
          () => raw('/api/token/refresh', 'refreshToken=x', { 'content-type': 'text/plain' }),
          415,
          'UNSUPPORTED_MEDIA_TYPE',
        ])
      }
      await expectCases(cases)
    })

    it('compressed bodies that do not decompress: 400 (or 415 where the encoding is not supported)', async () => {
      for (const encoding of ['gzip', 'deflate', 'br']) {
        for (const path of ['/api/token/refresh', '/refresh']) {
          const r = await raw(path, 'not compressed at all', { ...json, 'content-encoding': encoding })
          const text = await r.text()
          expect(text).not.toMatch(/\bat .+:\d+:\d+|<html|<pre>/i)
          const code = (JSON.parse(text) as { error?: { code: string } }).error?.code
          expect([encoding, path, r.status, code]).toEqual([
            encoding,
            path,
            r.status === 415 ? 415 : 400,
            r.status === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : 'BAD_REQUEST',
          ])
        }
      }
    })

    it('a gzip body that does decompress never ends in a 500', async () => {
      const r = await raw('/api/token/refresh', gzipSync(JSON.stringify({ refreshToken: 'rt1.garbage' })), {
        ...json,
        'content-encoding': 'gzip',
      })
      expect(r.status).toBeGreaterThanOrEqual(400)
      expect(r.status).toBeLessThan(500)
      expect(((await r.json()) as { error: { code: string } }).error.code).toMatch(
        /^(TOKEN_INVALID|BAD_REQUEST|UNSUPPORTED_MEDIA_TYPE)$/,
      )
    })

    it('tokens: forged, oversized, wrong shapes, odd headers', async () => {
      const t = await app.login()
      const [h, p] = t.accessToken.split('.')
      const noneAlg = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${p}.`
      const cases: Case[] = [
        ['alg none', () => app.get('/profile', noneAlg), 401, 'TOKEN_INVALID'],
        ['bad signature', () => app.get('/profile', `${h}.${p}.AAAA`), 401, 'TOKEN_INVALID'],
        ['huge token', () => app.get('/profile', 'a'.repeat(7000)), 401, 'TOKEN_INVALID'],
        ['non-ASCII-looking token', () => app.get('/profile', '%E0%A4%A.x.y'), 401, 'TOKEN_INVALID'],
        ['refresh token as access token', () => app.get('/profile', t.refreshToken), 401, 'TOKEN_INVALID'],
        [
          'bad percent-encoding in a stats path',
          () => app.get('/api/token/session-stats/%E0%A4%A', t.accessToken),
          403,
          'FORBIDDEN',
        ],
        [
          'logout-all with a bad body',
          () => raw('/logout-all', '{nope', { ...json, authorization: `Bearer ${t.accessToken}` }),
          400,
          'BAD_REQUEST',
        ],
      ]
      await expectCases(cases)
    })
  })
}
