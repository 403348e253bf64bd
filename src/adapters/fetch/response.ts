import type { HttpResponse } from '../../http/respond.js'

/**
 * A framework-neutral {@link HttpResponse} as a Fetch API `Response` with a JSON body (none for
 * `HEAD`, 204 or an `undefined` body). Array headers (several `Set-Cookie`) are appended.
 *
 * @example
 * ```ts
 * return toResponse(errorResponse(err))
 * ```
 */
export function toResponse(response: HttpResponse, method = 'GET'): Response {
  const headers = new Headers()
  for (const [name, value] of Object.entries(response.headers)) {
    if (Array.isArray(value)) for (const v of value) headers.append(name, v)
    else headers.set(name, value)
  }
  if (response.status === 204 || response.body === undefined)
    return new Response(null, { status: response.status, headers })
  headers.set('content-type', 'application/json; charset=utf-8')
  const body = method === 'HEAD' ? null : JSON.stringify(response.body)
  return new Response(body, { status: response.status, headers })
}

/**
 * `response` with `headers` added. Responses with immutable headers (`Response.redirect`, the
 * result of a `fetch`) are copied.
 */
export function withHeaders(response: Response, headers: Record<string, string>): Response {
  const entries = Object.entries(headers)
  if (entries.length === 0) return response
  try {
    for (const [name, value] of entries) response.headers.set(name, value)
    return response
  } catch {
    const copy = new Response(response.body, response)
    for (const [name, value] of entries) copy.headers.set(name, value)
    return copy
  }
}
