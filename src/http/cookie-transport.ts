/**
 * Cookie mode: the `Set-Cookie` values that carry a token pair, and the ones that clear it. Access
 * and refresh cookies are `HttpOnly`; the CSRF cookie is readable by the page on purpose (double
 * submit). Each cookie lives no longer than the token it carries.
 */
import type { TokenSet } from '../sessions/types.js'
import { serializeCookie, type CookieAttributes } from './cookies.js'
import type { ResolvedCookies } from './options.js'

function base(c: ResolvedCookies, path: string, httpOnly: boolean): CookieAttributes {
  return {
    path,
    secure: c.secure,
    httpOnly,
    sameSite: c.sameSite,
    ...(c.domain === undefined ? {} : { domain: c.domain }),
  }
}

/**
 * `Set-Cookie` values for a new token pair and its CSRF token.
 *
 * Lifetimes come from the token set itself (`expiresIn` and the distance between the two expiries),
 * so they are right even when the session engine runs on an injected clock.
 *
 * @example
 * ```ts
 * headers['set-cookie'] = tokenCookies(config.cookies, tokens, csrfToken)
 * ```
 */
export function tokenCookies(c: ResolvedCookies, tokens: TokenSet, csrfToken: string): string[] {
  const accessSeconds = Math.max(0, Math.floor(tokens.expiresIn))
  const refreshMs = tokens.refreshTokenExpiresAt - tokens.accessTokenExpiresAt + tokens.expiresIn * 1000
  const refreshSeconds = Math.max(0, Math.floor(refreshMs / 1000))
  return [
    serializeCookie(c.accessName, tokens.accessToken, { ...base(c, c.path, true), maxAge: accessSeconds }),
    serializeCookie(c.refreshName, tokens.refreshToken, {
      ...base(c, c.refreshPath, true),
      maxAge: refreshSeconds,
    }),
    // The CSRF cookie must outlive the access cookie: the refresh request needs it too.
    serializeCookie(c.csrfName, csrfToken, { ...base(c, c.path, false), maxAge: refreshSeconds }),
  ]
}

/**
 * `Set-Cookie` values that delete all three cookies (same name, path, domain and flags as set,
 * otherwise browsers keep the originals).
 *
 * @example
 * ```ts
 * headers['set-cookie'] = clearCookies(config.cookies)
 * ```
 */
export function clearCookies(c: ResolvedCookies): string[] {
  return [
    serializeCookie(c.accessName, '', { ...base(c, c.path, true), maxAge: 0 }),
    serializeCookie(c.refreshName, '', { ...base(c, c.refreshPath, true), maxAge: 0 }),
    serializeCookie(c.csrfName, '', { ...base(c, c.path, false), maxAge: 0 }),
  ]
}
