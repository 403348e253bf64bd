/**
 * body-parser's failures (the parsers behind `express.json()`, `express.urlencoded()`, ...) as
 * contract errors, so `errorHandler()` answers every one in the error envelope.
 */
import { HttpInputError } from '../../http/errors.js'

/**
 * The contract error for a body-parser failure, or undefined when `err` is not one.
 *
 * body-parser marks its own errors with a `type` (`entity.parse.failed`, `entity.too.large`,
 * `encoding.unsupported`, ...). A compressed body that does not decompress is the exception: it
 * passes on zlib's own error with only a status added, so a 4xx error carrying zlib's `errno` and a
 * `Z_`/`ERR_` code is recognised too (an app's own `createError(404)` has neither and passes on).
 *
 * @example
 * ```ts
 * fromBodyParser({ type: 'entity.too.large', status: 413 }) // HttpInputError PAYLOAD_TOO_LARGE
 * ```
 */
export function fromBodyParser(err: unknown): HttpInputError | undefined {
  if (typeof err !== 'object' || err === null) return undefined
  const { type, status, errno, code } = err as { type?: unknown; status?: unknown; errno?: unknown; code?: unknown }
  if (typeof status !== 'number' || status < 400 || status >= 500) return undefined
  const inflateFailed = typeof errno === 'number' && typeof code === 'string' && /^(Z_|ERR_)/.test(code)
  if (typeof type !== 'string' && !inflateFailed) return undefined
  if (status === 413) return new HttpInputError('PAYLOAD_TOO_LARGE', 'The request body is too large')
  if (status === 415) return new HttpInputError('UNSUPPORTED_MEDIA_TYPE', 'Unsupported request body type')
  return new HttpInputError('BAD_REQUEST', 'The request body could not be read')
}
