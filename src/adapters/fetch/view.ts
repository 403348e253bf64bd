import { readJsonBody } from '../../http/body.js'
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
 * application already consumed counts as none.
 */
export async function bodyOf(request: Request, limit: number): Promise<unknown> {
  if (bodies.has(request)) return bodies.get(request)
  if (request.body === null || request.bodyUsed) return undefined
  const headers: HeaderMap = {}
  request.headers.forEach((value, name) => {
    headers[name] = value
  })
  // A Fetch body may come without Content-Length or Transfer-Encoding (HTTP/2, a router in front).
  if (headers['content-length'] === undefined) headers['transfer-encoding'] ??= 'chunked'
  const body = await readJsonBody(request.body as unknown as AsyncIterable<Uint8Array>, headers, limit)
  bodies.set(request, body)
  return body
}
