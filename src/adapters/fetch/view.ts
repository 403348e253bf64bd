import { checkJsonBodyHeaders, readJsonBody } from '../../http/body.js'
import type { HeaderMap, HttpRequestView } from '../../http/request.js'

/** How the Fetch adapter finds the client's address (the Fetch API's `Request` does not carry it). */
export type FetchClientIp = (request: Request) => string | undefined

/** Bodies already read, per request (a `Request` body can be read only once). */
const bodies = new WeakMap<Request, unknown>()

/**
 * The neutral view of a Fetch API `Request`. Header names come lower-case from `Headers`; `host`
 * falls back to the URL's, as runtimes behind a router may not pass it on.
 */
export class FetchView implements HttpRequestView {
  readonly method: string
  readonly url: string
  readonly headers: HeaderMap
  readonly body: unknown
  readonly cookies = undefined
  readonly #request: Request
  readonly #parsed: URL
  readonly #ip: FetchClientIp | undefined

  constructor(request: Request, ip: FetchClientIp | undefined) {
    this.#request = request
    this.#ip = ip
    this.#parsed = new URL(request.url)
    this.method = request.method.toUpperCase()
    this.url = this.#parsed.pathname + this.#parsed.search
    const headers: Record<string, string> = {}
    request.headers.forEach((value, name) => {
      headers[name] = value
    })
    headers.host ??= this.#parsed.host
    this.headers = headers
    this.body = bodies.get(request)
  }

  /** The URL path, for routing. */
  get path(): string {
    return this.#parsed.pathname
  }

  get query(): Record<string, unknown> {
    return Object.fromEntries(this.#parsed.searchParams)
  }

  get ip(): string | undefined {
    return this.#ip?.(this.#request)
  }
}

/**
 * The request's JSON body with `limit` bytes at most, read once and remembered. A body the
 * application already consumed counts as none, unless `consumed` gives its bytes (a framework's
 * body cache, such as Hono's `c.req.arrayBuffer()`).
 */
export async function bodyOf(request: Request, limit: number, consumed?: () => Promise<ArrayBuffer>): Promise<unknown> {
  if (bodies.has(request)) return bodies.get(request)
  const used = request.bodyUsed
  if (used && consumed === undefined) return undefined
  const headers: HeaderMap = {}
  request.headers.forEach((value, name) => {
    headers[name] = value
  })
  // A Fetch body may come without Content-Length or Transfer-Encoding (HTTP/2, a router in front).
  if (headers['content-length'] === undefined) {
    if (request.body === null) return undefined
    headers['transfer-encoding'] ??= 'chunked'
  }
  // Refused on the headers before the stream is opened: a server that drains unread bodies
  // (@hono/node-server) can then keep the connection for the answer.
  if (!checkJsonBodyHeaders(headers, limit) || request.body === null) return undefined
  const stream = used && consumed !== undefined ? [new Uint8Array(await consumed())] : request.body
  const body = await readJsonBody(stream as unknown as AsyncIterable<Uint8Array>, headers, limit)
  bodies.set(request, body)
  return body
}
