import type { Request } from 'express'
import { readJsonBody } from '../../http/body.js'
import type { HttpRequestView } from '../../http/request.js'

/**
 * The neutral view of an Express (4 or 5) request. Uses `req.cookies` when cookie-parser ran and
 * `req.body` when a body parser ran; otherwise the handlers read them from the raw request.
 */
export function viewOf(req: Request): HttpRequestView {
  return new ExpressView(req)
}

/**
 * Express computes `req.query` and `req.ip` on every access (query parsing, proxy-addr): most
 * requests never need them, so they are prototype getters, read only when asked for (a class keeps
 * the object shape stable for V8, which per-request `defineProperty` getters did not).
 */
class ExpressView implements HttpRequestView {
  readonly method: string
  readonly url: string
  readonly headers: HttpRequestView['headers']
  readonly cookies: Record<string, string> | undefined
  readonly body: unknown
  readonly #req: Request

  constructor(req: Request) {
    this.#req = req
    const cookies = (req as { cookies?: unknown }).cookies
    this.method = req.method.toUpperCase()
    this.url = req.originalUrl ?? req.url
    this.headers = req.headers
    this.cookies =
      isRecord(cookies) && Object.keys(cookies).length > 0 ? (cookies as Record<string, string>) : undefined
    this.body = (req as { body?: unknown }).body
  }

  get query(): Record<string, unknown> | undefined {
    const q = (this.#req as { query?: unknown }).query
    return isRecord(q) ? q : undefined
  }

  get ip(): string | undefined {
    return this.#req.ip
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null
}

/**
 * The request's body: the one a body parser left in `req.body`, or read here as JSON from the stream
 * with `limit` bytes at most. Stored on `req.body` so later handlers (and the view) see it. The
 * adapter core checks that it is an object.
 */
export async function bodyOf(req: Request, limit: number): Promise<unknown> {
  const existing = (req as { body?: unknown }).body
  if (existing !== undefined) return existing
  // A body parser that ran but matched nothing leaves the stream consumed: nothing to read.
  if (req.readableEnded || (req as { _body?: unknown })._body === true) return undefined
  const body = await readJsonBody(req, req.headers, limit)
  ;(req as { body?: unknown }).body = body
  return body
}
