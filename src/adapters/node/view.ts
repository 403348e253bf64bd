import type { IncomingMessage } from 'node:http'
import { ConfigError } from '../../errors/index.js'
import { readJsonBody } from '../../http/body.js'
import type { HttpRequestView } from '../../http/request.js'

/** How the node:http adapter finds the client's address. */
export type ClientIp = (req: IncomingMessage) => string | undefined

/**
 * The neutral view of a `node:http` request. The query string is parsed only when asked for, and
 * `req.body` (set by {@link bodyOf}, or by whatever parsed the body before) is the body.
 */
export class NodeView implements HttpRequestView {
  readonly method: string
  readonly url: string
  readonly headers: HttpRequestView['headers']
  readonly body: unknown
  readonly cookies = undefined
  readonly #req: IncomingMessage
  readonly #ip: ClientIp

  constructor(req: IncomingMessage, ip: ClientIp) {
    this.#req = req
    this.#ip = ip
    this.method = (req.method ?? 'GET').toUpperCase()
    this.url = req.url ?? '/'
    this.headers = req.headers
    this.body = (req as { body?: unknown }).body
  }

  get query(): Record<string, unknown> {
    const q = this.url.indexOf('?')
    return q < 0 ? {} : Object.fromEntries(new URLSearchParams(this.url.slice(q + 1)))
  }

  get ip(): string | undefined {
    return this.#ip(this.#req)
  }
}

/**
 * The request's JSON body with `limit` bytes at most: `req.body` when something already parsed it,
 * else read from the stream here and kept on `req.body`.
 */
export async function bodyOf(req: IncomingMessage, limit: number): Promise<unknown> {
  const existing = (req as { body?: unknown }).body
  if (existing !== undefined) return existing
  if (req.readableEnded) return undefined
  const body = await readJsonBody(req, req.headers, limit)
  ;(req as { body?: unknown }).body = body
  return body
}

/** The path of a request URL without the query string. */
export function pathOf(url: string): string {
  const q = url.indexOf('?')
  return q < 0 ? url : url.slice(0, q)
}

/**
 * The `prefix` of a `routes({ prefix })` without its trailing slash (`'/'` mounts at the root).
 *
 * @throws ConfigError when it does not start with `/`.
 */
export function mountPrefix(prefix: string): string {
  if (typeof prefix !== 'string' || !prefix.startsWith('/'))
    throw new ConfigError('"prefix" must be a path starting with "/"')
  return prefix.replace(/\/+$/, '')
}
