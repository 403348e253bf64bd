import type { RequestListener } from 'node:http'

/** A server under test: what the child process serves and how a client authenticates to it. */
export interface Target {
  listener: RequestListener
  /** The authenticated route (GET). */
  path: string
  /** Headers that authenticate one request (Authorization, Cookie, ...). */
  headers: Record<string, string>
  /** Closes Redis clients and anything else the target opened. */
  close(): Promise<void>
}

/** Every target module exports this. `redisUrl` is the bench's own redis-server. */
export type SetupTarget = (redisUrl: string) => Promise<Target>

/** The user every row authenticates as, and the body every row answers with. */
export const USER = 'bench-user'
export const SECRET = 'bench-secret-0123456789abcdef-0123456789abcdef'

/**
 * How long every row's access token lives: longer than any bench run (15 minutes, the libraries'
 * default, ran out during a 7-round run and turned the last round's rows into 401s).
 */
export const TOKEN_TTL_MS = 2 * 60 * 60 * 1000
