/**
 * Reading a JSON request body without a body-parser: size limit, content type, valid JSON, an
 * object at the top. Every failure is an HttpInputError (4xx), never a 500.
 */
import { HttpInputError } from './errors.js'
import { header, type HeaderMap } from './request.js'
import { decodeUtf8 } from './web-bytes.js'

/**
 * Whether the request announces a body (`Content-Length` > 0 or chunked transfer encoding).
 *
 * @example
 * ```ts
 * hasBody({ 'content-length': '0' }) // false
 * ```
 */
export function hasBody(headers: HeaderMap): boolean {
  const length = header({ headers }, 'content-length')
  if (length !== undefined) return Number(length) > 0
  return header({ headers }, 'transfer-encoding') !== undefined
}

/**
 * True for `application/json` and `application/*+json`, with any parameters. For adapters whose
 * framework parses other types itself (Fastify's `text/plain`), to refuse them as not JSON.
 *
 * @example
 * ```ts
 * isJson('application/merge-patch+json; charset=utf-8') // true
 * ```
 */
export function isJson(contentType: string | undefined): boolean {
  if (contentType === undefined) return false
  const type = contentType.split(';')[0]?.trim().toLowerCase() ?? ''
  return type === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(type)
}

/** 415 `UNSUPPORTED_MEDIA_TYPE` unless the request's Content-Type is JSON. */
function requireJson(headers: HeaderMap): void {
  if (!isJson(header({ headers }, 'content-type'))) {
    throw new HttpInputError('UNSUPPORTED_MEDIA_TYPE', 'The request body must be application/json')
  }
}

/**
 * A body that a framework's own parser produced, checked for what the handlers read: text or bytes
 * (a `text/plain` parser, or one the app added) whose type is not JSON are refused with 415, as
 * {@link readJsonBody} refuses them; anything else is returned as it is (the adapter core checks
 * that it is an object).
 *
 * @example
 * ```ts
 * parsedBody('refreshToken=x', { 'content-type': 'text/plain' }) // throws 415 UNSUPPORTED_MEDIA_TYPE
 * ```
 */
export function parsedBody(body: unknown, headers: HeaderMap): unknown {
  if (typeof body === 'string' || body instanceof Uint8Array) requireJson(headers)
  return body
}

/**
 * The checks of {@link readJsonBody} that need no byte of the body: false when the headers announce
 * none; 415 `UNSUPPORTED_MEDIA_TYPE` when it is not JSON, 413 `PAYLOAD_TOO_LARGE` when its declared
 * length is over `limit`. For adapters that must refuse before they open the body stream.
 *
 * @example
 * ```ts
 * checkJsonBodyHeaders({ 'content-type': 'application/json', 'content-length': '2' }, 1024) // true
 * ```
 */
export function checkJsonBodyHeaders(headers: HeaderMap, limit: number): boolean {
  if (!hasBody(headers)) return false
  requireJson(headers)
  if (Number(header({ headers }, 'content-length') ?? 0) > limit) {
    throw new HttpInputError('PAYLOAD_TOO_LARGE', `The request body exceeds ${limit} bytes`)
  }
  return true
}

/**
 * Reads and parses a JSON object body from a byte stream (a Node `IncomingMessage`).
 *
 * Resolves to `undefined` when there is no body. Over `limit` bytes: 413 `PAYLOAD_TOO_LARGE` (the
 * rest of the stream is drained so the client reads the answer); not JSON content: 415
 * `UNSUPPORTED_MEDIA_TYPE`; unparsable or not an object: 400 `BAD_REQUEST`.
 *
 * @example
 * ```ts
 * const body = await readJsonBody(req, req.headers, 16 * 1024)
 * ```
 */
export async function readJsonBody(
  stream: AsyncIterable<Uint8Array> & { resume?: () => unknown },
  headers: HeaderMap,
  limit: number,
): Promise<Record<string, unknown> | undefined> {
  let announced: boolean
  try {
    announced = checkJsonBodyHeaders(headers, limit)
  } catch (err) {
    stream.resume?.()
    throw err
  }
  if (!announced) return undefined
  const chunks: Uint8Array[] = []
  let size = 0
  let tooLarge = false
  for await (const chunk of stream) {
    size += chunk.byteLength
    // Keep reading (and discarding) so the connection stays usable for the error answer.
    if (size > limit) tooLarge = true
    else chunks.push(chunk)
  }
  if (tooLarge) throw new HttpInputError('PAYLOAD_TOO_LARGE', `The request body exceeds ${limit} bytes`)
  return parseJsonObject(decodeUtf8(chunks))
}

/**
 * Parses text as a JSON object (`{}` for empty text).
 *
 * @example
 * ```ts
 * parseJsonObject('{"a":1}') // { a: 1 }
 * ```
 */
export function parseJsonObject(text: string): Record<string, unknown> {
  if (text.trim() === '') return {}
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw new HttpInputError('BAD_REQUEST', 'The request body is not valid JSON')
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new HttpInputError('BAD_REQUEST', 'The request body must be a JSON object')
  }
  return value as Record<string, unknown>
}
