/**
 * The one place where errors become HTTP responses. Every adapter (Express today, Fastify/Koa/Hono
 * later) and every handler of the framework-neutral layer goes through {@link errorResponse}, so the
 * status, the body shape and the auth headers are identical everywhere.
 */
import { ERROR_CLASSES } from '../errors/index.js'

/**
 * A framework-neutral HTTP response. A header given as an array is sent once per value (`Set-Cookie`).
 * A `body` of `undefined` sends no body.
 */
export interface HttpResponse<B = unknown> {
  status: number
  headers: Record<string, string | string[]>
  body: B
}

/** The contract's error body: `{ error: { code, message } }`. */
export interface ErrorBody {
  error: { code: string; message: string }
}

// Derived from the error classes: a new class can never silently become a 500.
const KNOWN_CODES: ReadonlySet<string> = new Set(ERROR_CLASSES.map((c) => c.code))

/** Codes the HTTP layer itself adds for bad client input (documented in docs/express.md). */
const HTTP_CODES: ReadonlySet<string> = new Set(['BAD_REQUEST', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE'])

interface ErrorLike {
  code: string
  status: number
  message: string
  retryAfterMs?: unknown
}

/**
 * Duck-typed rather than `instanceof`, so an error thrown by a second copy of the package (CJS next to
 * ESM, or a nested install) is still recognised.
 */
function asKnownError(err: unknown): ErrorLike | undefined {
  if (typeof err !== 'object' || err === null) return undefined
  const e = err as Partial<ErrorLike>
  if (typeof e.code !== 'string' || typeof e.status !== 'number') return undefined
  if (!KNOWN_CODES.has(e.code) && !HTTP_CODES.has(e.code)) return undefined
  if (typeof e.message !== 'string') return undefined
  return e as ErrorLike
}

/**
 * Turns anything thrown into the contract's HTTP error response.
 *
 * - A jwt-sessions error answers with its own `status`, `code` and `message`.
 * - 401: `WWW-Authenticate: Bearer` when no token was sent (`TOKEN_MISSING`, RFC 6750 §3.1), else
 *   `Bearer error="invalid_token"`.
 * - 429 and 503: `Retry-After` in whole seconds, from `retryAfterMs` (at least 1).
 * - Anything else (including `ConfigError` at request time) is 500 `INTERNAL` with a fixed message:
 *   never a stack, never the original message.
 * - Always `Cache-Control: no-store`.
 *
 * @example
 * ```ts
 * const { status, headers, body } = errorResponse(new TokenExpiredError())
 * // 401, { 'www-authenticate': 'Bearer error="invalid_token"', ... }, { error: { code: 'TOKEN_EXPIRED', ... } }
 * ```
 */
export function errorResponse(err: unknown): {
  status: number
  headers: Record<string, string>
  body: ErrorBody
} {
  const headers: Record<string, string> = { 'cache-control': 'no-store' }
  const known = asKnownError(err)
  if (known === undefined || known.code === 'CONFIG_INVALID' || (known.status >= 500 && known.status !== 503)) {
    return { status: 500, headers, body: { error: { code: 'INTERNAL', message: 'Internal error' } } }
  }
  if (known.status === 401) {
    headers['www-authenticate'] = known.code === 'TOKEN_MISSING' ? 'Bearer' : 'Bearer error="invalid_token"'
  }
  if (known.status === 429 || known.status === 503) {
    headers['retry-after'] = String(retryAfterSeconds(known.retryAfterMs))
  }
  return {
    status: known.status,
    headers,
    body: { error: { code: known.code, message: known.message } },
  }
}

function retryAfterSeconds(ms: unknown): number {
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms <= 0) return 1
  return Math.max(1, Math.ceil(ms / 1000))
}
