/**
 * The seed's rules for what `generateToken(data)` accepts: a plain object of allow-listed fields
 * (`JWT_ALLOWED_TOKEN_FIELDS`), primitives or arrays of primitives, no reserved claim, nothing that
 * looks like a secret, at most 4 KB. The same rules, the same ValidationError messages.
 */
import { ValidationError } from './errors.js'

const RESERVED = new Set([
  'iat',
  'exp',
  'nbf',
  'iss',
  'aud',
  'sub',
  'jti',
  'sid',
  'typ',
  'sessionId',
  'type',
  '_fp',
  '_fpTime',
])
const SENSITIVE = /(?:password|passwd|pwd|secret|hash|token|credential|private.?key)/i
const IDENTIFIERS = ['userId', 'id', 'email'] as const

const primitive = (v: unknown): boolean =>
  v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))

/** Validates and returns the allow-listed fields of `data` (`null`/`undefined` give `{}`). */
export function tokenData(data: unknown, allowed: readonly string[]): Record<string, unknown> {
  if (data === null || data === undefined) return {}
  if (typeof data !== 'object' || Object.getPrototypeOf(data) !== Object.prototype) {
    throw new ValidationError('Token data must be an object')
  }
  const allow = new Set(allowed)
  const out: Record<string, unknown> = {}
  for (const [field, value] of Object.entries(data)) {
    if (RESERVED.has(field)) throw new ValidationError(`Token data field '${field}' is reserved`)
    if (SENSITIVE.test(field)) throw new ValidationError(`Sensitive token data field '${field}' is not allowed`)
    if (!allow.has(field)) {
      throw new ValidationError(
        `Token data field '${field}' is not allowed; configure JWT_ALLOWED_TOKEN_FIELDS explicitly`,
      )
    }
    if ((IDENTIFIERS as readonly string[]).includes(field) && (typeof value !== 'string' || !value)) {
      throw new ValidationError(`Token data field '${field}' must be a non-empty string`)
    }
    if (!primitive(value) && !(Array.isArray(value) && value.length <= 100 && value.every(primitive))) {
      throw new ValidationError(`Token data field '${field}' must be a primitive or an array of primitives`)
    }
    out[field] = value
  }
  if (JSON.stringify(out).length > 4096) throw new ValidationError('Token data must not exceed 4096 bytes')
  return out
}

/** The user a session belongs to: `userId`, else `id`, else `email` (the seed's order). */
export function userIdentifier(data: Record<string, unknown>): string | undefined {
  for (const f of IDENTIFIERS) {
    const v = data[f]
    if (typeof v === 'string' && v !== '') return v
  }
  return undefined
}
