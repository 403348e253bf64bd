/**
 * Small HTTP helpers of the client: request decoration per transport, error codes from responses.
 */
import type { Config } from './options.js'

const SAFE_METHOD = /^(GET|HEAD|OPTIONS|TRACE)$/i

/**
 * Adds the session to a request: `Authorization: Bearer` in header mode; in cookie mode the cookies
 * go by themselves and state-changing methods get the CSRF header from the readable CSRF cookie.
 *
 * @example
 * ```ts
 * fetch('/api/profile', withAuth(config, { method: 'GET' }, accessToken))
 * ```
 */
export function withAuth(c: Config, init: RequestInit, accessToken: string | undefined): RequestInit {
  const h = new Headers(init.headers)
  if (c.header) {
    if (accessToken) h.set('authorization', `Bearer ${accessToken}`)
  } else if (!SAFE_METHOD.test(init.method ?? 'GET')) {
    const csrf = c.csrf()
    if (csrf) h.set(c.csrfHeader, csrf)
  }
  return { credentials: c.credentials, ...init, headers: h }
}

/** The contract's `error.code` of a response (`''` if the body is not the contract's). */
export async function codeOf(res: Response): Promise<string> {
  try {
    const body = (await res.clone().json()) as { error?: { code?: unknown } }
    return typeof body.error?.code === 'string' ? body.error.code : ''
  } catch {
    return ''
  }
}

/** An `Error` with the HTTP `status` and the contract `code` (status 0: no HTTP answer). */
export function failure(status: number, code: string): Error & { status: number; code: string } {
  return Object.assign(new Error(`Request failed (${code || status})`), { status, code })
}
