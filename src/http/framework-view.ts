import type { HeaderMap, HttpRequestView } from './request.js'

/** What {@link FrameworkView} reads from a framework's request (Express's, Fastify's, Koa's `ctx.request`). */
export interface FrameworkRequest {
  readonly method: string
  readonly headers: HeaderMap
  /** Set by a cookie parser (cookie-parser, `@fastify/cookie`), when one ran. */
  readonly cookies?: unknown
  /** Set by the framework's body parser, when one ran. */
  readonly body?: unknown
  readonly query?: unknown
  readonly ip?: string | undefined
}

/**
 * The neutral view of a request whose framework parses cookies, body and query itself. Frameworks
 * compute `query` and `ip` on every access (query parsing, proxy-addr) and most requests never need
 * them, so they are prototype getters, read only when asked for (a class keeps the object shape
 * stable for V8, which per-request `defineProperty` getters did not).
 */
export class FrameworkView implements HttpRequestView {
  readonly method: string
  readonly url: string
  readonly headers: HeaderMap
  readonly cookies: Record<string, string> | undefined
  readonly body: unknown
  readonly #request: FrameworkRequest

  /** @param url - the path and query as received (Express: `req.originalUrl`, as mounting rewrites `req.url`) */
  constructor(request: FrameworkRequest, url: string) {
    this.#request = request
    const cookies = request.cookies
    this.method = request.method.toUpperCase()
    this.url = url
    this.headers = request.headers
    this.cookies =
      isRecord(cookies) && Object.keys(cookies).length > 0 ? (cookies as Record<string, string>) : undefined
    this.body = request.body
  }

  get query(): Record<string, unknown> | undefined {
    const q = this.#request.query
    return isRecord(q) ? q : undefined
  }

  get ip(): string | undefined {
    // Koa answers '' when it does not know the address.
    return this.#request.ip || undefined
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null
}
