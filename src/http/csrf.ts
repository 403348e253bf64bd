/**
 * CSRF protection for requests authenticated by cookie. Two independent checks, both required on
 * state-changing methods:
 *
 * 1. Where the request came from: `Sec-Fetch-Site` (when the browser sends it) must be `same-origin`
 *    or `none`, and `Origin` (when present) must be the request's own host or a trusted origin.
 * 2. Double submit: the `x-csrf-token` header must equal the readable CSRF cookie. A cross-site page
 *    can make the browser send cookies but can neither read the cookie nor set a custom header
 *    without a CORS preflight.
 *
 * Requests authenticated by a header token are exempt: a browser never attaches those on its own.
 */
import { CsrfError } from '../errors/index.js'
import { cookiesOf } from './extract.js'
import type { ResolvedCookies, ResolvedCsrf } from './options.js'
import { header, isSafeMethod, type HttpRequestView } from './request.js'
import { randomToken, sameSecret } from './web-bytes.js'

/**
 * A fresh CSRF token: 32 random bytes, base64url.
 *
 * @example
 * ```ts
 * newCsrfToken() // 'q3J9...'
 * ```
 */
export function newCsrfToken(): string {
  return randomToken(32)
}

/**
 * Throws CsrfError unless a cookie-authenticated request passes both checks. Safe methods pass.
 *
 * @example
 * ```ts
 * if (token.source === 'cookie') checkCsrf(view, config.csrf, config.cookies)
 * ```
 */
export function checkCsrf(
  view: HttpRequestView,
  csrf: ResolvedCsrf | undefined,
  cookies: ResolvedCookies | undefined,
): void {
  if (csrf === undefined || cookies === undefined || isSafeMethod(view.method)) return
  checkOrigin(view, csrf)
  const sent = header(view, csrf.headerName)
  const expected = cookiesOf(view)[cookies.csrfName]
  if (sent === undefined || sent === '') {
    throw new CsrfError(`The ${csrf.headerName} header is missing`)
  }
  if (expected === undefined || expected === '' || !sameSecret(sent, expected)) {
    throw new CsrfError(`The ${csrf.headerName} header does not match the CSRF cookie`)
  }
}

function checkOrigin(view: HttpRequestView, csrf: ResolvedCsrf): void {
  const site = header(view, 'sec-fetch-site')?.toLowerCase()
  if (site !== undefined && site !== 'same-origin' && site !== 'none') {
    if (!(site === 'same-site' && csrf.allowSameSite)) {
      throw new CsrfError('Cross-site request refused')
    }
  }
  const origin = header(view, 'origin')
  if (origin === undefined) return
  if (origin === 'null') throw new CsrfError('Opaque origin refused')
  let parsed: URL
  try {
    parsed = new URL(origin)
  } catch {
    throw new CsrfError('Malformed Origin header')
  }
  if (csrf.trustedOrigins.includes(parsed.origin)) return
  // The scheme is not compared: behind a TLS-terminating proxy the server sees http.
  const host = header(view, 'x-forwarded-host')?.split(',')[0]?.trim() ?? header(view, 'host')
  if (host === undefined || parsed.host.toLowerCase() !== host.toLowerCase()) {
    throw new CsrfError('Cross-origin request refused')
  }
}
