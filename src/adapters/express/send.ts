import type { Response } from 'express'
import type { HttpResponse } from '../../http/respond.js'

/**
 * Writes a framework-neutral {@link HttpResponse} to an Express (4 or 5) response as JSON. Headers
 * given as arrays (several `Set-Cookie`) are appended, never overwritten.
 *
 * @example
 * ```ts
 * app.use((err, req, res, next) => sendExpress(res, errorResponse(err)))
 * ```
 */
export function sendExpress(res: Response, response: HttpResponse | MultiHeaderResponse): void {
  if (res.headersSent) return
  for (const [name, value] of Object.entries(response.headers)) {
    if (Array.isArray(value)) {
      for (const v of value) res.append(name, v)
    } else {
      res.setHeader(name, value)
    }
  }
  res.status(response.status)
  if (response.status === 204 || response.body === undefined) {
    res.end()
    return
  }
  res.json(response.body)
}

/** A response whose headers may repeat (`Set-Cookie`). */
export interface MultiHeaderResponse<B = unknown> {
  status: number
  headers: Record<string, string | string[]>
  body: B
}
