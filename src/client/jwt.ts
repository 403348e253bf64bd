/** The claims the client reads from an access token. Nothing here is trusted: it only schedules. */
export interface AccessClaims {
  /** Issued at, epoch seconds (server clock). */
  iat?: number
  /** Expiry, epoch seconds (server clock). */
  exp?: number
  /** User id. */
  sub?: string
  /** Session id. */
  sid?: string
}

/**
 * Decodes a JWT's payload without verifying it (the server verifies; the client only needs `exp`
 * and `iat` to plan a refresh). Returns `null` for anything that is not a readable JWT.
 *
 * @example
 * ```ts
 * decodeClaims(accessToken)?.exp // 1767225600
 * ```
 */
export function decodeClaims(token: string | undefined): AccessClaims | null {
  try {
    const part = (token ?? '').split('.')[1] ?? ''
    const json = atob(part.replace(/-/g, '+').replace(/_/g, '/'))
    const claims: unknown = JSON.parse(json)
    return typeof claims === 'object' && claims !== null ? (claims as AccessClaims) : null
  } catch {
    return null
  }
}
