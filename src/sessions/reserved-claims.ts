// In a module of its own (no imports), so the HTTP layer reads it without pulling in node:crypto.
/**
 * Claims a caller may not set: the library owns them (`gen`: the refresh generation of
 * `revokeAccessOnRefresh`). The one list: `create`'s check and `req.user` both read it.
 */
export const RESERVED_CLAIMS: ReadonlySet<string> = new Set([
  'sub',
  'sid',
  'jti',
  'iat',
  'exp',
  'nbf',
  'iss',
  'aud',
  'typ',
  'gen',
])
