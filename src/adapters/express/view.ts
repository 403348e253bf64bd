import type { Request } from 'express'
import { readJsonBody } from '../../http/body.js'
import { FrameworkView } from '../../http/framework-view.js'
import type { HttpRequestView } from '../../http/request.js'

/**
 * The neutral view of an Express (4 or 5) request. Uses `req.cookies` when cookie-parser ran and
 * `req.body` when a body parser ran; otherwise the handlers read them from the raw request.
 */
export function viewOf(req: Request): HttpRequestView {
  return new FrameworkView(req, req.originalUrl ?? req.url)
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
