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
    const headers = headerMapOf(request)
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
  const headers = headerMapOf(request)
  const announced = headers['content-length'] !== undefined || headers['transfer-encoding'] !== undefined
  // Refused on the headers before the stream is opened: a server that drains unread bodies
  // (@hono/node-server) can then keep the connection for the answer.
  if (announced && !checkJsonBodyHeaders(headers, limit)) return undefined
  if (request.body === null) return undefined
  const source = used && consumed !== undefined ? bytesOf(consumed) : (request.body as AsyncIterable<Uint8Array>)
  // Neither header (HTTP/2, a router in front, a POST without a body on @hono/node-server):
  // whether there is a body shows only in its first bytes.
  const stream = announced ? source : await unlessEmpty(source)
  if (stream === undefined) return undefined
  if (!announced) headers['transfer-encoding'] = 'chunked'
  const body = await readJsonBody(stream, headers, limit)
  bodies.set(request, body)
  return body
}

/** The request's headers as a {@link HeaderMap} (names come lower-case from `Headers`). */
function headerMapOf(request: Request): Record<string, string> {
  const headers: Record<string, string> = {}
  request.headers.forEach((value, name) => {
    headers[name] = value
  })
  return headers
}

/** The bytes `read` resolves to, as a stream of one chunk. */
async function* bytesOf(read: () => Promise<ArrayBuffer>): AsyncIterable<Uint8Array> {
  yield new Uint8Array(await read())
}

/** `chunks` from the start again, or undefined when it yields nothing. */
async function unlessEmpty(chunks: AsyncIterable<Uint8Array>): Promise<AsyncIterable<Uint8Array> | undefined> {
  const it = chunks[Symbol.asyncIterator]()
  let first = await it.next()
  while (!first.done && first.value.byteLength === 0) first = await it.next()
  if (first.done) return undefined
  const head = first.value
  return (async function* () {
    yield head
    for (let next = await it.next(); !next.done; next = await it.next()) yield next.value
  })()
}
