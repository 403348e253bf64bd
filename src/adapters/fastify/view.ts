import type { FastifyRequest } from 'fastify'
import { parsedBody } from '../../http/body.js'
import { FrameworkView } from '../../http/framework-view.js'
import type { HttpRequestView } from '../../http/request.js'

/**
 * The neutral view of a Fastify request. Fastify has parsed the body (its content-type parsers run
 * before any hook the adapter adds), and `@fastify/cookie`, when registered, the cookies. `ip`
 * follows the app's `trustProxy` setting; `query` is read only when asked for.
 */
export const viewOf = (request: FastifyRequest): HttpRequestView => new FrameworkView(request, request.url)

/**
 * The body Fastify parsed. Its default `text/plain` parser (or one the app added) hands over text
 * or bytes that are not JSON: refused with 415, as an adapter reading the stream itself does.
 */
export async function bodyOf(request: FastifyRequest): Promise<unknown> {
  return parsedBody(request.body, request.headers)
}
