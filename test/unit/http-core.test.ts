import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { createAdapter } from '../../src/http/adapter.js'
import { createHttpCore } from '../../src/http/core.js'
import { createLimiter } from '../../src/http/rate-limit/limiter.js'
import { LoginGuardCore } from '../../src/http/rate-limit/login-guard.js'
import {
  base64url,
  decodeUtf8,
  randomToken,
  sameSecret,
  sha256Base64url,
  utf8Length,
} from '../../src/http/web-bytes.js'
import { createSessions, memoryStore } from '../../src/index.js'
import { parseCookies, serializeCookie } from '../../src/http/cookies.js'
import { checkCsrf } from '../../src/http/csrf.js'
import { HttpInputError } from '../../src/http/errors.js'
import { extractAccessToken, extractRefreshToken } from '../../src/http/extract.js'
import { headerForArg, resolveHttpOptions } from '../../src/http/options.js'
import type { HttpRequestView } from '../../src/http/request.js'
import { errorResponse } from '../../src/http/respond.js'
import { parseJsonObject, readJsonBody } from '../../src/http/body.js'
import {
  ConfigError,
  CsrfError,
  RateLimitedError,
  SessionRevokedError,
  StoreUnavailableError,
  TokenExpiredError,
  TokenInvalidError,
  TokenMissingError,
} from '../../src/errors/index.js'

const view = (over: Partial<HttpRequestView> = {}): HttpRequestView => ({
  method: 'GET',
  url: '/',
  headers: {},
  ...over,
})
const codeOf = (fn: () => unknown) => {
  try {
    fn()
  } catch (err) {
    return (err as { code?: string }).code
  }
  return undefined
}

/** What `promise` rejected with, or undefined when it resolved. */
const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (e: unknown) => e,
  )

/** A cookie-mode POST carrying `refreshToken` in the refresh cookie, with a matching CSRF pair. */
const withRefreshCookie = (refreshToken: string) =>
  view({
    method: 'POST',
    headers: {
      cookie: `__Secure-jwts-rt=${encodeURIComponent(refreshToken)}; __Host-jwts-csrf=c`,
      'x-csrf-token': 'c',
    },
  })

describe('errorResponse', () => {
  it('401 without a token: bare Bearer challenge; with a refused token: invalid_token', () => {
    const missing = errorResponse(new TokenMissingError())
    expect(missing).toEqual({
      status: 401,
      headers: { 'cache-control': 'no-store', 'www-authenticate': 'Bearer' },
      body: { error: { code: 'TOKEN_MISSING', message: 'No access token was sent' } },
    })
    for (const err of [new TokenInvalidError(), new TokenExpiredError(), new SessionRevokedError()]) {
      const r = errorResponse(err)
      expect(r.status).toBe(401)
      expect(r.headers['www-authenticate']).toBe('Bearer error="invalid_token"')
      expect(r.body.error.code).toBe(err.code)
    }
  })
  it('Retry-After in whole seconds on 429 and 503 (at least 1)', () => {
    expect(errorResponse(new RateLimitedError(2500)).headers['retry-after']).toBe('3')
    expect(errorResponse(new RateLimitedError(0)).headers['retry-after']).toBe('1')
    const down = errorResponse(new StoreUnavailableError())
    expect([down.status, down.headers['retry-after'], down.body.error.code]).toEqual([503, '1', 'STORE_UNAVAILABLE'])
    expect(errorResponse(new CsrfError()).headers['retry-after']).toBeUndefined()
  })
  it('anything unknown (and ConfigError at request time) is a bare 500 INTERNAL without details', () => {
    for (const err of [
      new Error('secret detail'),
      new ConfigError('bad option'),
      'str',
      null,
      { code: 'X', status: 400, message: 'm' },
    ]) {
      const r = errorResponse(err)
      expect(r).toEqual({
        status: 500,
        headers: { 'cache-control': 'no-store' },
        body: { error: { code: 'INTERNAL', message: 'Internal error' } },
      })
    }
  })
  it('HTTP input errors keep their 4xx', () => {
    expect(errorResponse(new HttpInputError('PAYLOAD_TOO_LARGE', 'big')).status).toBe(413)
  })
})

describe('cookies', () => {
  it('parses, first occurrence wins, bad percent-encoding kept', () => {
    expect(parseCookies('a=1; b=%20x; a=2; c="q"; d=%E0%A4%A; =x; e')).toEqual({
      a: '1',
      b: ' x',
      c: 'q',
      d: '%E0%A4%A',
    })
    expect(parseCookies(undefined)).toEqual({})
  })
  it('serialises with attributes, and Max-Age=0 with an epoch Expires for deletion', () => {
    const c = serializeCookie('__Host-at', 'a b', {
      path: '/',
      secure: true,
      httpOnly: true,
      sameSite: 'Lax',
      maxAge: 900,
    })
    expect(c).toMatch(/^__Host-at=a%20b; Max-Age=900; Expires=[^;]+; Path=\/; HttpOnly; Secure; SameSite=Lax$/)
    expect(serializeCookie('x', '', { maxAge: 0 })).toContain('Expires=Thu, 01 Jan 1970 00:00:00 GMT')
    expect(() => serializeCookie('bad name', 'v')).toThrow(TypeError)
  })
})

describe('options', () => {
  it('derives x-kebab-case headers from requestArg (seed 002)', () => {
    expect(headerForArg('accessToken')).toBe('x-access-token')
    expect(headerForArg('jwtToken')).toBe('x-jwt-token')
    expect(resolveHttpOptions({ requestArg: 'accessToken' }).tokenHeader).toBe('x-access-token')
  })
  it('query tokens only when asked for; cookies only in cookie mode', () => {
    expect(resolveHttpOptions().sources).toEqual(['header'])
    expect(resolveHttpOptions({ allowQueryToken: true }).sources).toEqual(['header', 'query'])
    expect(resolveHttpOptions({ cookies: true }).sources).toEqual(['header', 'cookie'])
    // The contract's `tokenFrom: ['header', 'cookie']` turns cookie transport on; only an explicit
    // `cookies: false` beside a cookie source is a contradiction.
    expect(resolveHttpOptions({ tokenFrom: ['header', 'cookie'] }).cookies).toMatchObject({
      accessName: '__Host-jwts-at',
    })
    expect(resolveHttpOptions({ tokenFrom: ['header', 'cookie'] }).sources).toEqual(['header', 'cookie'])
    expect(codeOf(() => resolveHttpOptions({ cookies: false, tokenFrom: ['cookie'] }))).toBe('CONFIG_INVALID')
    expect(codeOf(() => resolveHttpOptions({ tokenFrom: ['url' as never] }))).toBe('CONFIG_INVALID')
  })
  it('cookie names: __Host- where allowed, __Secure- for a scoped path, bare without Secure', () => {
    expect(resolveHttpOptions({ cookies: true }).cookies).toMatchObject({
      accessName: '__Host-jwts-at',
      refreshName: '__Secure-jwts-rt',
      csrfName: '__Host-jwts-csrf',
      sameSite: 'Lax',
    })
    expect(resolveHttpOptions({ cookies: { refreshPath: '/' } }).cookies?.refreshName).toBe('__Host-jwts-rt')
    expect(resolveHttpOptions({ cookies: { domain: 'example.com' } }).cookies?.accessName).toBe('__Secure-jwts-at')
    expect(codeOf(() => resolveHttpOptions({ cookies: { sameSite: 'none', secure: false } }))).toBe('CONFIG_INVALID')
    expect(codeOf(() => resolveHttpOptions({ cookies: { refreshPath: 'api' } }))).toBe('CONFIG_INVALID')
    expect(codeOf(() => resolveHttpOptions({ requestKey: 'user' }))).toBe('CONFIG_INVALID')
    expect(codeOf(() => resolveHttpOptions({ bodyLimit: 10 }))).toBe('CONFIG_INVALID')
  })
})

describe('token extraction', () => {
  const all = resolveHttpOptions({
    cookies: true,
    tokenFrom: ['header', 'cookie', 'body', 'query'],
    requestArg: 'accessToken',
  })
  it('Bearer first, case-insensitive scheme; other schemes are not ours', () => {
    expect(extractAccessToken(view({ headers: { authorization: 'bearer abc' } }), all)).toEqual({
      token: 'abc',
      source: 'header',
    })
    expect(extractAccessToken(view({ headers: { authorization: 'Basic x' } }), resolveHttpOptions())).toBeUndefined()
    expect(codeOf(() => extractAccessToken(view({ headers: { authorization: 'Bearer' } }), all))).toBe('TOKEN_INVALID')
    expect(codeOf(() => extractAccessToken(view({ headers: { authorization: 'Bearer a b' } }), all))).toBe(
      'TOKEN_INVALID',
    )
  })
  it('the configured header, cookie, body and query in order', () => {
    expect(extractAccessToken(view({ headers: { 'x-access-token': 't1' } }), all)).toEqual({
      token: 't1',
      source: 'header',
    })
    expect(extractAccessToken(view({ headers: { cookie: '__Host-jwts-at=t2' } }), all)).toEqual({
      token: 't2',
      source: 'cookie',
    })
    expect(extractAccessToken(view({ body: { accessToken: 't3' } }), all)).toEqual({ token: 't3', source: 'body' })
    expect(extractAccessToken(view({ query: { accessToken: 't4' } }), all)).toEqual({ token: 't4', source: 'query' })
    expect(extractAccessToken(view({ query: { accessToken: 't4' } }), resolveHttpOptions())).toBeUndefined()
    expect(codeOf(() => extractAccessToken(view({ body: { accessToken: 5 } }), all))).toBe('BAD_REQUEST')
  })
  it('refresh token from the body, else the refresh cookie', () => {
    expect(
      extractRefreshToken(view({ body: { refreshToken: 'r1' }, headers: { cookie: '__Secure-jwts-rt=r2' } }), all),
    ).toEqual({ token: 'r1', source: 'body' })
    expect(extractRefreshToken(view({ headers: { cookie: '__Secure-jwts-rt=r2' } }), all)).toEqual({
      token: 'r2',
      source: 'cookie',
    })
    expect(extractRefreshToken(view(), all)).toBeUndefined()
  })
})

describe('CSRF', () => {
  const cfg = resolveHttpOptions({ cookies: true, csrf: { trustedOrigins: ['https://app.example.com'] } })
  const post = (headers: Record<string, string>) =>
    view({ method: 'POST', headers: { host: 'api.example.com', cookie: '__Host-jwts-csrf=tok', ...headers } })
  const check = (v: HttpRequestView) => codeOf(() => checkCsrf(v, cfg.csrf, cfg.cookies))
  it('passes safe methods and matching same-origin requests', () => {
    expect(check(view({ method: 'GET', headers: { origin: 'https://evil.example' } }))).toBeUndefined()
    expect(
      check(post({ 'x-csrf-token': 'tok', origin: 'https://api.example.com', 'sec-fetch-site': 'same-origin' })),
    ).toBeUndefined()
    expect(
      check(post({ 'x-csrf-token': 'tok', origin: 'https://app.example.com', 'sec-fetch-site': 'same-origin' })),
    ).toBeUndefined()
    expect(check(post({ 'x-csrf-token': 'tok' }))).toBeUndefined()
  })
  it('refuses cross-site, foreign or opaque origins, and a missing or wrong token', () => {
    expect(check(post({ 'x-csrf-token': 'tok', 'sec-fetch-site': 'cross-site' }))).toBe('CSRF_FAILED')
    expect(check(post({ 'x-csrf-token': 'tok', 'sec-fetch-site': 'same-site' }))).toBe('CSRF_FAILED')
    expect(check(post({ 'x-csrf-token': 'tok', origin: 'https://evil.example' }))).toBe('CSRF_FAILED')
    expect(check(post({ 'x-csrf-token': 'tok', origin: 'null' }))).toBe('CSRF_FAILED')
    expect(check(post({}))).toBe('CSRF_FAILED')
    expect(check(post({ 'x-csrf-token': 'toK' }))).toBe('CSRF_FAILED')
    expect(check(view({ method: 'POST', headers: { 'x-csrf-token': 'tok' } }))).toBe('CSRF_FAILED')
  })
})

describe('JSON body', () => {
  async function* chunks(...parts: string[]) {
    for (const p of parts) yield Buffer.from(p)
  }
  const json = (len: number) => ({ 'content-type': 'application/json', 'content-length': String(len) })
  it('reads an object; no body is undefined', async () => {
    expect(await readJsonBody(chunks('{"a":', '1}'), json(7), 100)).toEqual({ a: 1 })
    expect(await readJsonBody(chunks(), {}, 100)).toBeUndefined()
    expect(
      await readJsonBody(
        chunks('{}'),
        { 'content-type': 'application/vnd.api+json; charset=utf-8', 'transfer-encoding': 'chunked' },
        100,
      ),
    ).toEqual({})
  })
  it('415, 413 (declared or streamed), 400', async () => {
    const code = (p: Promise<unknown>) =>
      p.then(
        () => undefined,
        (e: { code: string }) => e.code,
      )
    expect(await code(readJsonBody(chunks('a=1'), { 'content-type': 'text/plain', 'content-length': '3' }, 100))).toBe(
      'UNSUPPORTED_MEDIA_TYPE',
    )
    expect(await code(readJsonBody(chunks('x'), json(1000), 100))).toBe('PAYLOAD_TOO_LARGE')
    expect(
      await code(
        readJsonBody(
          chunks('x'.repeat(80), 'x'.repeat(80)),
          { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
          100,
        ),
      ),
    ).toBe('PAYLOAD_TOO_LARGE')
    expect(await code(readJsonBody(chunks('{nope'), json(5), 100))).toBe('BAD_REQUEST')
    expect(() => parseJsonObject('[1]')).toThrow(HttpInputError)
    expect(() => parseJsonObject('"s"')).toThrow(HttpInputError)
  })
})

describe('createHttpCore (on the memory store)', () => {
  const sessions = createSessions({ store: memoryStore(), secret: 's'.repeat(40) })
  const core = createHttpCore(sessions, { cookies: true })
  const setCookies = (headers: Record<string, string | string[]>) => {
    const v = headers['set-cookie']
    return Array.isArray(v) ? v : v === undefined ? [] : [v]
  }
  const cookieValue = (lines: string[], name: string) => {
    const line = lines.find((l) => l.startsWith(`${name}=`))
    return line === undefined ? undefined : decodeURIComponent(line.slice(name.length + 1).split(';')[0] ?? '')
  }

  it('a sign-in replaces a CSRF cookie planted before login', async () => {
    const planted = view({
      method: 'POST',
      headers: { cookie: '__Host-jwts-csrf=planted; __Host-jwts-at=old' },
      cookies: { '__Host-jwts-csrf': 'planted' },
    })
    const r = await core.signIn(planted, 'alice')
    const csrf = cookieValue(setCookies(r.headers), '__Host-jwts-csrf')
    expect(csrf).toMatch(/^[\w-]{43}$/)
    expect(csrf).not.toBe('planted')
    expect(r.body.accessToken).toBeUndefined()
  })

  it('a refresh keeps the CSRF token of the request', async () => {
    const t = await sessions.create('bob')
    const cookie = `__Secure-jwts-rt=${encodeURIComponent(t.refreshToken)}; __Host-jwts-csrf=kept`
    const r = await core.refresh(view({ method: 'POST', headers: { cookie, 'x-csrf-token': 'kept' } }))
    expect(cookieValue(setCookies(r.headers), '__Host-jwts-csrf')).toBe('kept')
  })

  it('a dead refresh cookie is cleared by the error answer; a body token or a CSRF refusal leaves cookies alone', async () => {
    const t = await sessions.create('carol')
    await sessions.revoke(t.sessionId)
    const dead = withRefreshCookie(t.refreshToken)
    const err = await rejection(core.refresh(dead))
    expect((err as { code?: string }).code).toBe('SESSION_REVOKED')
    const answer = core.errorResponse(err)
    expect(answer.status).toBe(401)
    const cleared = setCookies(answer.headers)
    expect(cleared).toHaveLength(3)
    expect(cleared.every((c) => c.includes('Max-Age=0'))).toBe(true)
    expect(setCookies(core.fail(err).headers)).toHaveLength(3)

    const byBody = await rejection(core.refresh(view({ method: 'POST', body: { refreshToken: t.refreshToken } })))
    expect(setCookies(core.errorResponse(byBody).headers)).toEqual([])
    const noCsrf = view({
      method: 'POST',
      headers: { cookie: `__Secure-jwts-rt=${encodeURIComponent(t.refreshToken)}` },
    })
    const refused = await rejection(core.refresh(noCsrf))
    expect((refused as { code?: string }).code).toBe('CSRF_FAILED')
    expect(setCookies(core.errorResponse(refused).headers)).toEqual([])
  })

  it('the adapter seam answers the dead cookie with the clearing headers itself', async () => {
    const t = await sessions.create('dave')
    await sessions.revoke(t.sessionId)
    const req = withRefreshCookie(t.refreshToken)
    const adapter = createAdapter(
      sessions,
      { cookies: true },
      { view: (r: HttpRequestView) => r, readBody: async () => undefined },
    )
    for (const r of [await adapter.refresh(req), await adapter.routes(req, '/refresh')]) {
      expect(r?.status).toBe(401)
      expect(setCookies(r?.headers ?? {})).toHaveLength(3)
    }
  })
})

describe('unknown option keys', () => {
  it('are refused naming the key and the closest valid one', () => {
    const message = (fn: () => unknown) => {
      try {
        fn()
      } catch (err) {
        return `${(err as { code?: string }).code}: ${(err as Error).message}`
      }
      return 'no error'
    }
    expect(message(() => resolveHttpOptions({ cookie: true } as never, { where: 'expressSessions options' }))).toBe(
      'CONFIG_INVALID: expressSessions options: unknown option "cookie" (did you mean "cookies"?)',
    )
    expect(message(() => resolveHttpOptions({ tokenForm: ['header'] } as never))).toMatch(
      /"tokenForm".*did you mean "tokenFrom"/,
    )
    expect(message(() => resolveHttpOptions({ cookies: { sameSight: 'lax' } } as never))).toMatch(
      /^CONFIG_INVALID: "cookies" option: unknown option "sameSight" \(did you mean "sameSite"\?\)/,
    )
    expect(message(() => resolveHttpOptions({ cookies: { names: { access: 'x' } } } as never))).toMatch(
      /"cookies.names" option: unknown option "access"/,
    )
    expect(message(() => resolveHttpOptions({ csrf: { trustedOrigin: [] } } as never))).toMatch(
      /"csrf" option: unknown option "trustedOrigin"/,
    )
    expect(message(() => resolveHttpOptions({ cookies: true, csrf: { header: 'x' } } as never))).toMatch(
      /"csrf" option: unknown option "header" \(did you mean "headerName"\?\)/,
    )
    expect(message(() => resolveHttpOptions({ basePath: '/x' } as never, { extraKeys: ['basePath'] }))).toBe('no error')
    expect(message(() => createLimiter(memoryStore(), { limit: 1, windwo: '1m' } as never))).toMatch(
      /rate limit options: unknown option "windwo" \(did you mean "window"\?\)/,
    )
    expect(message(() => new LoginGuardCore(memoryStore(), { maxFailure: 3 } as never))).toMatch(
      /login guard options: unknown option "maxFailure" \(did you mean "maxFailures"\?\)/,
    )
  })
})

describe('Web-standard byte helpers (no Buffer, no node:crypto on the request path)', () => {
  it('base64url, sha256, constant-time compare, UTF-8 length and decoding', async () => {
    expect(base64url(new Uint8Array([255, 254, 253]))).toBe(Buffer.from([255, 254, 253]).toString('base64url'))
    expect(await sha256Base64url('abc')).toBe(createHash('sha256').update('abc').digest('base64url'))
    expect([sameSecret('abc', 'abc'), sameSecret('abc', 'abd'), sameSecret('abc', 'ab')]).toEqual([true, false, false])
    expect(utf8Length('é€')).toBe(5)
    const bytes = new TextEncoder().encode('héllo')
    expect(decodeUtf8([bytes.subarray(0, 2), bytes.subarray(2)])).toBe('héllo')
    expect(randomToken(32)).toMatch(/^[\w-]{43}$/)
  })
  it('src/http imports no Node built-in and uses no Buffer', () => {
    const files = readdirSync('src/http', { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'))
    expect(files.length).toBeGreaterThan(10)
    for (const f of files) {
      const text = readFileSync(`src/http/${f}`, 'utf8').replace(/^\s*(\/\/|\*).*$/gm, '')
      expect([f, /from ['"]node:|\bBuffer\b/.test(text)]).toEqual([f, false])
    }
  })
})
