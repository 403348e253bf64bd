import type { FastifyRequest } from 'fastify'
import { parsedBody } from '../../http/body.js'
import type { HttpRequestView } from '../../http/request.js'

/**
 * The neutral view of a Fastify request. Fastify has parsed the body (its content-type parsers run
 * before any hook the adapter adds), and `@fastify/cookie`, when registered, the cookies. `ip`
 * follows the app's `trustProxy` setting; `query` is read only when asked for.
 */
export class FastifyView implements HttpRequestView {
  readonly method: string
  readonly url: string
  readonly headers: HttpRequestView['headers']
  readonly cookies: Record<string, string> | undefined
  readonly body: unknown
  readonly #request: FastifyRequest

  constructor(request: FastifyRequest) {
    this.#request = request
    const cookies = (request as { cookies?: unknown }).cookies
    this.method = request.method
    this.url = request.url
    this.headers = request.headers
    this.cookies =
      typeof cookies === 'object' && cookies !== null && Object.keys(cookies).length > 0
        ? (cookies as Record<string, string>)
        : undefined
    this.body = request.body
  }

  get query(): Record<string, unknown> | undefined {
    const q = this.#request.query
    return typeof q === 'object' && q !== null ? (q as Record<string, unknown>) : undefined
  }

  get ip(): string | undefined {
    return this.#request.ip
  }
}

/**
 * The body Fastify parsed. Its default `text/plain` parser (or one the app added) hands over text
 * or bytes that are not JSON: refused with 415, as an adapter reading the stream itself does.
 */
export async function bodyOf(request: FastifyRequest): Promise<unknown> {
  return parsedBody(request.body, request.headers)
}
