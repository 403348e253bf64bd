import type { HttpResponse } from '../../http/respond.js'
import type { KoaContext } from './types.js'

/**
 * Writes a framework-neutral {@link HttpResponse} to a Koa context: status, headers (arrays, as
 * several `Set-Cookie`, appended), and the body, which Koa sends as JSON (none for `HEAD`; an empty
 * one for 204 or an `undefined` body). Does nothing once headers were sent.
 *
 * @example
 * ```ts
 * app.use(async (ctx) => sendKoa(ctx, errorResponse(new NotFoundError())))
 * ```
 */
export function sendKoa(ctx: KoaContext, response: HttpResponse): void {
  if (ctx.headerSent) return
  for (const [name, value] of Object.entries(response.headers)) {
    if (Array.isArray(value)) for (const v of value) ctx.append(name, v)
    else ctx.set(name, value)
  }
  if (response.status === 204 || response.body === undefined) {
    // An explicit null body (before the status: it would set 204) makes Koa send nothing, not "OK".
    ctx.body = null
    ctx.status = response.status
    return
  }
  ctx.status = response.status
  ctx.body = response.body
}
