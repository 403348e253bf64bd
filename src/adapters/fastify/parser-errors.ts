/**
 * Fastify's content-type parser failures (`FST_ERR_CTP_*`: invalid or empty JSON, a body over
 * `bodyLimit`, an unsupported media type, a bad Content-Length) as contract errors, so they answer
 * in the error envelope instead of Fastify's default error body.
 */
import { HttpInputError } from '../../http/errors.js'

/**
 * The contract error for a Fastify parser failure, or undefined when `err` is not one.
 *
 * @example
 * ```ts
 * fromFastifyParser({ code: 'FST_ERR_CTP_BODY_TOO_LARGE', statusCode: 413 }) // HttpInputError PAYLOAD_TOO_LARGE
 * ```
 */
export function fromFastifyParser(err: unknown): HttpInputError | undefined {
  if (typeof err !== 'object' || err === null) return undefined
  const { code, statusCode } = err as { code?: unknown; statusCode?: unknown }
  if (typeof code !== 'string' || !code.startsWith('FST_ERR_CTP_')) return undefined
  if (typeof statusCode !== 'number' || statusCode < 400 || statusCode >= 500) return undefined
  if (statusCode === 413) return new HttpInputError('PAYLOAD_TOO_LARGE', 'The request body is too large')
  if (statusCode === 415) return new HttpInputError('UNSUPPORTED_MEDIA_TYPE', 'Unsupported request body type')
  return new HttpInputError('BAD_REQUEST', 'The request body could not be read')
}
