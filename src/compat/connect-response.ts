/**
 * Writing an answer on any Connect-like response, as the seed packages did: Express (`res.set`,
 * `res.status().json()`), plain Node `http.ServerResponse` (`setHeader`, `statusCode`, `end`), or a
 * test double with only `status` and `json` (3.x called `res.set?.()`, so headers are optional).
 */

/** The parts of a response the compat middleware may use; every one is optional but a way to send. */
export interface ConnectResponse {
  status?(code: number): unknown
  json?(body: unknown): unknown
  set?(name: string, value: string): unknown
  setHeader?(name: string, value: string): unknown
  end?(chunk?: string): unknown
  statusCode?: number
  headersSent?: boolean
}

/**
 * Sends `body` as JSON with `status` and `headers`; headers only where the response can take them.
 * @example sendJson(res, 401, { 'www-authenticate': 'Bearer' }, { status: 'TOKEN_ERROR', message: 'Invalid token' })
 */
export function sendJson(res: ConnectResponse, status: number, headers: Record<string, string>, body: unknown): void {
  if (res.headersSent) return
  for (const [name, value] of Object.entries(headers)) {
    if (typeof res.set === 'function') res.set(name, value)
    else if (typeof res.setHeader === 'function') res.setHeader(name, value)
  }
  if (typeof res.status === 'function' && typeof res.json === 'function') {
    const chained = res.status(status)
    // Express returns `res` from status(); a double may return anything.
    const target =
      chained && typeof (chained as ConnectResponse).json === 'function' ? (chained as ConnectResponse) : res
    target.json?.(body)
    return
  }
  res.statusCode = status
  if (typeof res.setHeader === 'function') res.setHeader('content-type', 'application/json; charset=utf-8')
  res.end?.(JSON.stringify(body))
}
