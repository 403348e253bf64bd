/**
 * Finding the access token (and the refresh token) in a request. Sources are tried in the configured
 * order; the first one that carries something wins. A source that carries something unusable (an
 * empty `Bearer`, a non-string body field) is a sent-but-bad token, never "no token".
 */
import { TokenInvalidError } from '../errors/index.js'
import { HttpInputError } from './errors.js'
import { parseCookies } from './cookies.js'
import type { ResolvedHttpOptions, TokenSource } from './options.js'
import { header, type HttpRequestView } from './request.js'

/** A token and where it came from (cookie-borne tokens need CSRF checks). */
export interface ExtractedToken {
  token: string
  source: TokenSource
}

/**
 * The request's cookies: the framework's parsed ones when present, else the `Cookie` header.
 *
 * @example
 * ```ts
 * cookiesOf({ method: 'GET', url: '/', headers: { cookie: 'a=1' } }).a // '1'
 * ```
 */
export function cookiesOf(view: HttpRequestView): Record<string, string> {
  if (view.cookies !== undefined && typeof view.cookies === 'object') return view.cookies
  return parseCookies(header(view, 'cookie'))
}

/**
 * The access token of a request, or undefined when it carries none.
 *
 * @throws TokenInvalidError when a header carries a malformed value (`Authorization: Bearer` with no
 * token); HttpInputError (400) when a body/query field is not a non-empty string.
 * @example
 * ```ts
 * extractAccessToken(view, config) // { token: 'eyJ...', source: 'header' }
 * ```
 */
export function extractAccessToken(view: HttpRequestView, config: ResolvedHttpOptions): ExtractedToken | undefined {
  for (const source of config.sources) {
    const token = fromSource(view, config, source)
    if (token !== undefined) return { token, source }
  }
  return undefined
}

function fromSource(view: HttpRequestView, config: ResolvedHttpOptions, source: TokenSource) {
  switch (source) {
    case 'header':
      return fromHeaders(view, config)
    case 'cookie':
      return config.cookies === undefined ? undefined : nonEmpty(cookiesOf(view)[config.cookies.accessName])
    case 'body':
      return fromField(view.body, config.tokenField)
    case 'query':
      return fromField(view.query, config.tokenField)
  }
}

function fromHeaders(view: HttpRequestView, config: ResolvedHttpOptions): string | undefined {
  const auth = header(view, 'authorization')
  if (auth !== undefined) {
    const match = /^\s*bearer(?:\s+(.*))?$/i.exec(auth)
    // Another scheme (Basic, DPoP, ...) is not ours: look elsewhere.
    if (match !== null) {
      const token = match[1]?.trim()
      if (token === undefined || token === '' || /\s/.test(token)) {
        throw new TokenInvalidError('The Authorization header is not "Bearer <token>"')
      }
      return token
    }
  }
  if (config.tokenHeader !== undefined) {
    const raw = header(view, config.tokenHeader)
    if (raw !== undefined) {
      const token = raw.trim()
      if (token === '') throw new TokenInvalidError(`The ${config.tokenHeader} header is empty`)
      return token
    }
  }
  return undefined
}

function fromField(container: unknown, field: string): string | undefined {
  if (typeof container !== 'object' || container === null) return undefined
  if (!Object.prototype.hasOwnProperty.call(container, field)) return undefined
  const value = (container as Record<string, unknown>)[field]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'string' || value.trim() === '') {
    throw new HttpInputError('BAD_REQUEST', `"${field}" must be a non-empty string`)
  }
  return value.trim()
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value
}

/**
 * The refresh token: the JSON body's `refreshToken`, else (cookie mode) the refresh cookie.
 *
 * @throws HttpInputError (400) when `refreshToken` is present but not a non-empty string.
 * @example
 * ```ts
 * extractRefreshToken(view, config) // { token: 'rt1....', source: 'body' }
 * ```
 */
export function extractRefreshToken(view: HttpRequestView, config: ResolvedHttpOptions): ExtractedToken | undefined {
  const fromBody = fromField(view.body, 'refreshToken')
  if (fromBody !== undefined) return { token: fromBody, source: 'body' }
  if (config.cookies !== undefined) {
    const fromCookie = nonEmpty(cookiesOf(view)[config.cookies.refreshName])
    if (fromCookie !== undefined) return { token: fromCookie, source: 'cookie' }
  }
  return undefined
}
