/**
 * Hono's own input errors as contract errors: its `bodyLimit` middleware and validators throw an
 * `HTTPException` (413, 400), which answers as plain text unless mapped here.
 */
import { HttpInputError } from '../../http/errors.js'

/** Duck-typed, as Hono's own error handler does: a second copy of Hono makes other instances. */
interface HttpExceptionLike {
  status: number
  message: string
  res?: Response | undefined
  getResponse(): Response
}

/**
 * Whether `err` is Hono's `HTTPException`.
 *
 * @example
 * ```ts
 * if (isHttpException(err)) return err.getResponse()
 * ```
 */
export function isHttpException(err: unknown): err is HttpExceptionLike {
  return (
    typeof err === 'object' &&
    err !== null &&
    typeof (err as { getResponse?: unknown }).getResponse === 'function' &&
    typeof (err as { status?: unknown }).status === 'number'
  )
}

/**
 * The contract error for an `HTTPException` about the request body (400, 413, 415 without a
 * response of its own), or undefined: other exceptions keep the answer the app gave them.
 *
 * @example
 * ```ts
 * fromHonoException(new HTTPException(413)) // HttpInputError PAYLOAD_TOO_LARGE
 * ```
 */
export function fromHonoException(err: unknown): HttpInputError | undefined {
  if (!isHttpException(err) || err.res !== undefined) return undefined
  if (err.status === 413) return new HttpInputError('PAYLOAD_TOO_LARGE', 'The request body is too large')
  if (err.status === 415) return new HttpInputError('UNSUPPORTED_MEDIA_TYPE', 'Unsupported request body type')
  if (err.status === 400) return new HttpInputError('BAD_REQUEST', err.message || 'Bad request')
  return undefined
}
