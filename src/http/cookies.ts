/**
 * Cookie parsing and serialisation (RFC 6265), kept here so the package needs no cookie dependency.
 */

/**
 * Parses a `Cookie` header into name → value. The first occurrence of a name wins (browsers send the
 * most specific path first); values that are not valid percent-encoding are kept as sent.
 *
 * @example
 * ```ts
 * parseCookies('a=1; b=%20x') // { a: '1', b: ' x' }
 * ```
 */
export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = Object.create(null) as Record<string, string>
  if (header === undefined || header === '') return out
  for (const part of header.split(';')) {
    const eq = part.indexOf('=')
    if (eq <= 0) continue
    const name = part.slice(0, eq).trim()
    if (name === '' || name in out) continue
    let value = part.slice(eq + 1).trim()
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1)
    out[name] = safeDecode(value)
  }
  return out
}

function safeDecode(value: string): string {
  if (!value.includes('%')) return value
  try {
    return decodeURIComponent(value)
  } catch {
    return value
  }
}

/** Attributes of a `Set-Cookie` header. */
export interface CookieAttributes {
  /** Seconds; 0 deletes the cookie. Omitted: a session cookie. */
  maxAge?: number
  path?: string
  domain?: string
  secure?: boolean
  httpOnly?: boolean
  sameSite?: 'Strict' | 'Lax' | 'None'
}

const TOKEN_RE = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/

/**
 * Serialises one `Set-Cookie` value. The value is percent-encoded; names must be RFC 7230 tokens.
 *
 * @example
 * ```ts
 * serializeCookie('__Host-at', 'abc', { path: '/', secure: true, httpOnly: true, sameSite: 'Lax', maxAge: 900 })
 * // '__Host-at=abc; Max-Age=900; Expires=...; Path=/; HttpOnly; Secure; SameSite=Lax'
 * ```
 */
export function serializeCookie(name: string, value: string, attrs: CookieAttributes = {}): string {
  if (!TOKEN_RE.test(name)) throw new TypeError(`Invalid cookie name: ${name}`)
  let out = `${name}=${encodeURIComponent(value)}`
  if (attrs.maxAge !== undefined) {
    const seconds = Math.max(0, Math.floor(attrs.maxAge))
    out += `; Max-Age=${seconds}`
    // Expires for old clients that ignore Max-Age.
    const expires = seconds === 0 ? new Date(0) : new Date(Date.now() + seconds * 1000)
    out += `; Expires=${expires.toUTCString()}`
  }
  if (attrs.domain !== undefined) out += `; Domain=${attrs.domain}`
  out += `; Path=${attrs.path ?? '/'}`
  if (attrs.httpOnly === true) out += '; HttpOnly'
  if (attrs.secure === true) out += '; Secure'
  if (attrs.sameSite !== undefined) out += `; SameSite=${attrs.sameSite}`
  return out
}
