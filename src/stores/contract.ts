/** The methods each part of the store contract requires (see `types.ts`), checked once by `createSessions`. */
export const STORE_METHODS = ['sessions', 'hit', 'refundHit', 'resetBucket', 'ping', 'close'] as const
/** What a limiter or the login guard calls on the store. */
export const RATE_LIMIT_METHODS = ['hit', 'refundHit', 'resetBucket'] as const
export const SESSION_METHODS = [
  'create',
  'verify',
  'rotate',
  'revoke',
  'revokeAll',
  'list',
  'get',
  'update',
  'touch',
] as const

/** The names in `required` that are not functions on `o`. */
export function missingMethods(o: unknown, required: readonly string[]): string[] {
  if (o === null || typeof o !== 'object') return [...required]
  const r = o as Record<string, unknown>
  return required.filter((m) => typeof r[m] !== 'function')
}
