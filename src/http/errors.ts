/**
 * Errors for malformed client input that only the HTTP layer can see (the body, its type, its size).
 * They are not part of the core's error union, but `errorResponse` answers them with the same
 * `{ error: { code, message } }` body.
 */

/** Codes the HTTP layer adds to the core's codes. */
export type HttpInputErrorCode = 'BAD_REQUEST' | 'PAYLOAD_TOO_LARGE' | 'UNSUPPORTED_MEDIA_TYPE'

const STATUS: Record<HttpInputErrorCode, number> = {
  BAD_REQUEST: 400,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
}

/**
 * A request the server cannot read: no or invalid JSON (400 `BAD_REQUEST`), a wrong field type (400),
 * a body over the limit (413 `PAYLOAD_TOO_LARGE`), a body that is not JSON (415
 * `UNSUPPORTED_MEDIA_TYPE`).
 *
 * @example
 * ```ts
 * throw new HttpInputError('BAD_REQUEST', '"refreshToken" must be a string')
 * ```
 */
export class HttpInputError extends Error {
  readonly code: HttpInputErrorCode
  readonly status: number
  constructor(code: HttpInputErrorCode, message: string) {
    super(message)
    this.name = 'HttpInputError'
    this.code = code
    this.status = STATUS[code]
  }
}
