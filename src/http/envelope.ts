/**
 * Seed 004's response envelope `{ success, message, data }`. Error envelopes also carry the
 * contract's `error: { code, message }`, so clients of either shape read them.
 */
import { errorResponse, type HttpResponse } from './respond.js'

/** A success envelope. */
export interface SuccessEnvelope<T> {
  success: true
  message: string
  data?: T
}

/** An error envelope: seed 004's fields plus the contract's `error`. */
export interface ErrorEnvelope {
  success: false
  message: string
  error: { code: string; message: string }
}

/**
 * A 200 (or `status`) success envelope with `Cache-Control: no-store`.
 *
 * @example
 * ```ts
 * ok('Token refreshed successfully', { accessToken })
 * ```
 */
export function ok<T>(
  message: string,
  data?: T,
  headers: Record<string, string | string[]> = {},
  status = 200,
): HttpResponse<SuccessEnvelope<T>> {
  const body: SuccessEnvelope<T> = data === undefined ? { success: true, message } : { success: true, message, data }
  return { status, headers: { 'cache-control': 'no-store', ...headers }, body }
}

/**
 * The error envelope for anything thrown, with the status and headers of `errorResponse`.
 *
 * @example
 * ```ts
 * fail(new ForbiddenError()) // 403 { success: false, message: 'Forbidden', error: { code: 'FORBIDDEN', ... } }
 * ```
 */
export function fail(err: unknown, extraHeaders: Record<string, string | string[]> = {}): HttpResponse<ErrorEnvelope> {
  const r = errorResponse(err)
  return {
    status: r.status,
    headers: { ...r.headers, ...extraHeaders },
    body: { success: false, message: r.body.error.message, error: r.body.error },
  }
}
