/**
 * `jwt-sessions/fetch`: the Web-standard layer over Fetch API `Request`/`Response` (Next.js route
 * handlers and middleware, Bun.serve, Deno.serve). The session store still needs Node APIs: see
 * `docs/fetch.md`.
 * @packageDocumentation
 */
export {
  fetchSessions,
  type FetchAuth,
  type FetchHandler,
  type FetchLoginGuard,
  type FetchRateLimit,
  type FetchSessions,
  type FetchSessionsOptions,
} from './fetch-sessions.js'
export { toResponse } from './response.js'
export type { FetchClientIp } from './view.js'
export * from '../shared-exports.js'
