/**
 * Drop-in replacement for `jwt-redis-session` (1.0.x): change `require("jwt-redis-session")` to
 * `require("jwt-sessions/compat/jwt-redis-session")`. Same options, same `req[requestKey]` object,
 * callbacks or promises. See docs/migrating/jwt-redis-session.md for what differs and why.
 * @example
 * app.use(JWTRedisSession({ client: redisClient, secret, keyspace: 'sess:', maxAge: 86400,
 *   algorithm: 'HS256', requestKey: 'jwtSession', requestArg: 'jwtToken' }))
 * @packageDocumentation
 */
import { rejectUnknownKeys } from '../../config/unknown-keys.js'
import { ConfigError, isJwtSessionsError } from '../../errors/index.js'
import { errorResponse } from '../../http/respond.js'
import { createSessions } from '../../sessions/create-sessions.js'
import type { Sessions } from '../../sessions/types.js'
import { redisStore } from '../../stores/redis/redis-store.js'
import { detectFlavour } from '../../stores/redis/shims.js'
import type { SigningAlgorithm } from '../../tokens/keyring.js'
import { sessionClass, type JwtSession, type Stored } from './session-object.js'
import { sendJson, type ConnectResponse } from '../connect-response.js'
import { findToken, headerName, type TokenRequest } from './token-source.js'

export type { Callback, JwtSession } from './session-object.js'

/** Options of the factory: the seed's seven, plus a few that close its holes. */
export interface JwtRedisSessionOptions {
  /** Your node-redis (v4+) or ioredis client. Connected for you if it is not yet; never closed by us. Required. */
  client: unknown
  /** Signing secret (at least 32 bytes for HS256, 48 for HS384, 64 for HS512) or a PEM private key. Required. */
  secret: string | Uint8Array
  /** Key prefix in Redis, ending in `:`. Default `"sess:"`. */
  keyspace?: string
  /** Idle lifetime of a session in seconds; every request with its token extends it. Default 86400. */
  maxAge?: number
  /** The one algorithm tokens are signed and verified with. Default `"HS256"`. */
  algorithm?: SigningAlgorithm
  /** Property of `req` holding the session object. Default `"session"`. */
  requestKey?: string
  /** Body field (and header `x-...` derived from it) carrying the token. Default `"accessToken"`. */
  requestArg?: string
  /** Also read the token from the query string. Default `false` (the seed always did; URLs leak into logs). */
  allowQueryToken?: boolean
  /** Absolute lifetime of a session and of its token, never extended. Default `"30d"` (at least `maxAge`). */
  sessionTtl?: string | number
  /** `iss` written into and required of every token. Default none. */
  issuer?: string
  /** `aud` written into and required of every token. Default none. */
  audience?: string
}

/** Every option the factory takes: the seed's seven and the four this layer adds. */
const OPTION_NAMES = [
  'client',
  'secret',
  'keyspace',
  'maxAge',
  'algorithm',
  'requestKey',
  'requestArg',
  'allowQueryToken',
  'sessionTtl',
  'issuer',
  'audience',
] as const

/**
 * Creates the middleware. It sets `req[requestKey]` on every request: empty when no valid token came
 * with it, else loaded with the session's data, `id`, `claims` and `jwt`. A bad or stale token is
 * not an error (as in the seed); a Redis outage answers 503 within about a second.
 * @example
 * const JWTRedisSession = require('jwt-sessions/compat/jwt-redis-session')
 * app.use(JWTRedisSession({ client, secret, requestKey: 'jwtSession', requestArg: 'jwtToken' }))
 */
export default function JWTRedisSession(options: JwtRedisSessionOptions) {
  if (!options || typeof options !== 'object') throw new ConfigError('options must be an object')
  rejectUnknownKeys(options, OPTION_NAMES, 'JWTRedisSession')
  if (!options.client) throw new ConfigError('client is required: a node-redis or ioredis client')
  if (!detectFlavour(options.client)) throw new ConfigError('client must be a node-redis or ioredis client')
  if (options.secret === undefined || options.secret === '')
    throw new ConfigError('secret is required (there is no default)')
  const maxAge = options.maxAge ?? 86400
  if (typeof maxAge !== 'number' || !Number.isFinite(maxAge) || maxAge < 1)
    throw new ConfigError('maxAge must be a positive number of seconds')
  const requestKey = options.requestKey ?? 'session'
  const requestArg = options.requestArg ?? 'accessToken'
  if (typeof requestArg !== 'string' || !/^[A-Za-z][A-Za-z0-9]*$/.test(requestArg))
    throw new ConfigError('requestArg must be letters and digits, like "accessToken"')
  const alg = options.algorithm ?? 'HS256'
  const client = options.client as { isOpen?: boolean; connect?: () => Promise<unknown> }
  const sessionTtl = options.sessionTtl ?? Math.max(30 * 86400_000, maxAge * 1000)

  const engine: Sessions<Stored> = createSessions<Stored>({
    store: redisStore({ client: options.client, keyPrefix: options.keyspace ?? 'sess:' }),
    keys: [{ kid: 'jrs', alg, key: options.secret }],
    // The seed's tokens had no expiry; ours expire when the session would at the latest.
    accessTokenTtl: sessionTtl,
    sessionTtl,
    refreshTokenTtl: maxAge * 1000,
    ...(options.issuer !== undefined ? { issuer: options.issuer } : {}),
    ...(options.audience !== undefined ? { audience: options.audience } : {}),
  })

  // The seed's clients (node-redis 2/3) connected by themselves; node-redis 4+ must be told to.
  let connecting: Promise<unknown> | undefined
  const ready = async (): Promise<Sessions<Stored>> => {
    if (detectFlavour(client) === 'node-redis' && client.isOpen === false && typeof client.connect === 'function') {
      connecting ??= client.connect().catch(() => {
        connecting = undefined
      })
      // Never wait longer than a command would: a down Redis answers STORE_UNAVAILABLE, not a hang.
      await Promise.race([connecting, new Promise((r) => setTimeout(r, 1000).unref())])
    }
    return engine
  }
  const Session = sessionClass(ready, { iss: options.issuer !== undefined, aud: options.audience !== undefined })
  const header = headerName(requestArg)
  const allowQuery = options.allowQueryToken === true

  return function jwtRedisSession(req: TokenRequest, res: ConnectResponse, next: (err?: unknown) => void): void {
    const session = new Session() as JwtSession
    ;(req as unknown as Record<string, unknown>)[requestKey] = session
    const token = findToken(req, header, requestArg, allowQuery)
    if (!token) {
      next()
      return
    }
    ready()
      .then((s) => s.verify(token))
      .then(
        (ctx) => {
          Object.assign(session, ctx.data?.d ?? {})
          session.claims = { ...ctx.claims }
          session.id = ctx.sessionId
          session.jwt = token
          next()
        },
        (err: unknown) => {
          if (!isJwtSessionsError(err) || err.code !== 'STORE_UNAVAILABLE') return next()
          const r = errorResponse(err)
          sendJson(res, r.status, r.headers, r.body)
        },
      )
  }
}
