/**
 * Where the middleware looks for the token, as the seed did: the header derived from `requestArg`
 * (`accessToken` → `x-access-token`, `jwtToken` → `x-jwt-token`), then the body field. The query
 * string only with `allowQueryToken: true`: URLs end up in logs, proxies and Referer headers.
 */

/** The seed's camelBack → header rule: `x-` then each capital becomes `-` + lower case. */
export function headerName(requestArg: string): string {
  let out = 'x' + (requestArg.charAt(0) === requestArg.charAt(0).toUpperCase() ? '' : '-')
  for (const ch of requestArg) out += ch.toUpperCase() === ch && ch.toLowerCase() !== ch ? '-' + ch.toLowerCase() : ch
  return out
}

export interface TokenRequest {
  headers: Record<string, string | string[] | undefined>
  body?: unknown
  query?: unknown
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined)

/** The token of a request, or undefined. */
export function findToken(
  req: TokenRequest,
  header: string,
  requestArg: string,
  allowQuery: boolean,
): string | undefined {
  const h = req.headers[header]
  const fromHeader = str(Array.isArray(h) ? h[0] : h)
  if (fromHeader) return fromHeader
  const body = req.body
  if (body && typeof body === 'object') {
    const v = str((body as Record<string, unknown>)[requestArg])
    if (v) return v
  }
  if (allowQuery && req.query && typeof req.query === 'object')
    return str((req.query as Record<string, unknown>)[requestArg])
  return undefined
}
