/**
 * The failures of Koa's body parsers (koa-bodyparser, @koa/bodyparser and koa-body all read
 * through co-body) as contract errors, so `errorHandler()` answers them in the error envelope.
 */
import { HttpInputError } from '../../http/errors.js'
import { fromBodyParser } from '../express/body-parser-errors.js'

/**
 * The contract error for a Koa body-parser failure, or undefined when `err` is not one.
 *
 * co-body reads with raw-body, whose errors carry a `type` (as body-parser's do: over the limit,
 * a bad length, an unsupported charset). Its own are bare: invalid JSON is a `SyntaxError` with
 * `status` 400, an unknown `Content-Encoding` an error with `status` 415, and a body that does not
 * decompress zlib's error as it is (an `errno`, a `Z_` or `ERR_` code, no status).
 *
 * @example
 * ```ts
 * fromKoaBodyParser(Object.assign(new SyntaxError('Unexpected token'), { status: 400 })) // BAD_REQUEST
 * ```
 */
export function fromKoaBodyParser(err: unknown): HttpInputError | undefined {
  const known = fromBodyParser(err)
  if (known !== undefined || typeof err !== 'object' || err === null) return known
  const { status, errno, code, message } = err as {
    status?: unknown
    errno?: unknown
    code?: unknown
    message?: unknown
  }
  if (err instanceof SyntaxError && status === 400) {
    return new HttpInputError('BAD_REQUEST', 'The request body could not be read')
  }
  if (status === 415 && typeof message === 'string' && message.startsWith('Unsupported Content-Encoding')) {
    return new HttpInputError('UNSUPPORTED_MEDIA_TYPE', 'Unsupported request body type')
  }
  if (status === undefined && typeof errno === 'number' && typeof code === 'string' && /^(Z_|ERR_)/.test(code)) {
    return new HttpInputError('BAD_REQUEST', 'The request body could not be read')
  }
  return undefined
}
