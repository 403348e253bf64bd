/**
 * Serves a Fetch API handler on node:http (what Bun.serve and Deno.serve do natively): each request
 * becomes a `Request`, the `Response` is written back, `Set-Cookie` values kept apart.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'

/** The client address of each request, as the server knows it. */
const addresses = new WeakMap<Request, string | undefined>()

/** The client address node:http saw for a `Request` made by {@link serveFetch}. */
export const clientIpOf = (request: Request): string | undefined => addresses.get(request)

function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length']
  return length !== undefined ? Number(length) > 0 : req.headers['transfer-encoding'] !== undefined
}

/**
 * The body as a web stream that never pauses the socket: a body the handler does not read (refused
 * as too large) is still received and dropped, so the client reads the answer, not a reset.
 */
function bodyStream(req: IncomingMessage): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      req.on('data', (chunk: Buffer) => controller.enqueue(new Uint8Array(chunk)))
      req.on('end', () => controller.close())
      req.on('error', (err) => controller.error(err))
    },
  })
}

function toRequest(req: IncomingMessage): Request {
  const headers = new Headers()
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const v of value) headers.append(name, v)
    else if (value !== undefined) headers.set(name, value)
  }
  const init = { method: req.method, headers, body: hasBody(req) ? bodyStream(req) : null, duplex: 'half' }
  const request = new Request(`http://${req.headers.host ?? 'localhost'}${req.url ?? '/'}`, init as RequestInit)
  addresses.set(request, req.socket.remoteAddress)
  return request
}

async function write(res: ServerResponse, response: Response): Promise<void> {
  res.statusCode = response.status
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') res.setHeader(name, value)
  })
  const cookies = response.headers.getSetCookie()
  if (cookies.length > 0) res.setHeader('set-cookie', cookies)
  res.end(response.body === null ? undefined : Buffer.from(await response.arrayBuffer()))
}

/**
 * A node:http server (not yet listening) around `handler`. A handler that throws gets `onError`'s
 * answer; a failure to write the answer drops the connection.
 */
export function serveFetch(
  handler: (request: Request) => Promise<Response>,
  onError: (err: unknown) => Response,
): Server {
  return createServer((req, res) => {
    handler(toRequest(req))
      .catch(onError)
      .then((response) => write(res, response))
      .catch(() => res.destroy())
  })
}
