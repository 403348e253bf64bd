import type { ServerResponse } from 'node:http'
import type { LimitOutcome } from '../../http/rate-limit/limiter.js'
import type { HttpResponse } from '../../http/respond.js'

/**
 * Writes a framework-neutral {@link HttpResponse} to a `node:http` response as JSON (no body for
 * `HEAD`, 204 or an `undefined` body). Headers given as arrays (several `Set-Cookie`) are appended.
 * Does nothing once headers were sent.
 *
 * @example
 * ```ts
 * sendNode(res, errorResponse(err))
 * ```
 */
export function sendNode(res: ServerResponse, response: HttpResponse): void {
  if (res.headersSent) return
  for (const [name, value] of Object.entries(response.headers)) {
    if (Array.isArray(value)) for (const v of value) res.appendHeader(name, v)
    else res.setHeader(name, value)
  }
  res.statusCode = response.status
  if (response.status === 204 || response.body === undefined) {
    res.end()
    return
  }
  const text = JSON.stringify(response.body)
  res.setHeader('content-type', 'application/json; charset=utf-8')
  res.setHeader('content-length', Buffer.byteLength(text))
  res.end(res.req?.method === 'HEAD' ? undefined : text)
}

/**
 * Sets a limiter's headers on the response and, when its skip options need the final status,
 * reports it once the response is finished (0 when the client went away first).
 *
 * @example
 * ```ts
 * const out = await limiter.consume(view)
 * if (out.refused) return sendNode(res, out.refused)
 * settleWhenDone(res, out)
 * ```
 */
export function settleWhenDone(res: ServerResponse, out: LimitOutcome): void {
  for (const [name, value] of Object.entries(out.headers)) res.setHeader(name, value)
  if (!out.needsSettle) return
  res.once('finish', () => void out.settle(res.statusCode))
  res.once('close', () => void out.settle(res.writableFinished ? res.statusCode : 0))
}
