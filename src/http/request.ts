/**
 * The framework-neutral view of a request that every handler of `src/http` reads. Adapters build it
 * from their framework's request; nothing here knows about Express, Fastify or Koa.
 */

/** Header values as Node gives them: lower-case names, arrays for repeated headers. */
export type HeaderMap = Record<string, string | string[] | undefined>

/** What the HTTP layer needs from a request. */
export interface HttpRequestView {
  /** Upper-case method, e.g. `POST`. */
  method: string
  /** Path and query as received, e.g. `/api/token/refresh?x=1`. */
  url: string
  /** Lower-case header names. */
  headers: HeaderMap
  /** Parsed cookies when the framework already parsed them; otherwise the `Cookie` header is read. */
  cookies?: Record<string, string> | undefined
  /** Parsed JSON body (an object), or undefined when there was none. */
  body?: unknown
  /** Parsed query string. */
  query?: Record<string, unknown> | undefined
  /** Client IP address, for session listing. */
  ip?: string | undefined
}

/**
 * The first value of a header, or undefined.
 *
 * @example
 * ```ts
 * header(view, 'authorization') // 'Bearer eyJ...'
 * ```
 */
export function header(view: Pick<HttpRequestView, 'headers'>, name: string): string | undefined {
  const value = view.headers[name.toLowerCase()]
  if (Array.isArray(value)) return value[0]
  return value
}

/** Methods that must not change state, so they are exempt from CSRF checks (RFC 9110 §9.2.1). */
const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE'])

/**
 * True for GET, HEAD, OPTIONS and TRACE.
 *
 * @example
 * ```ts
 * isSafeMethod('POST') // false
 * ```
 */
export function isSafeMethod(method: string): boolean {
  return SAFE_METHODS.has(method.toUpperCase())
}
