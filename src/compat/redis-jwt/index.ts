/**
 * Drop-in replacement for `redis-jwt`: change `import RedisJWT from 'redis-jwt'` to
 * `import RedisJWT from 'jwt-sessions/compat/redis-jwt'`. Same options and methods; sessions live in
 * the jwt-sessions store, tokens expire, user ids are escaped. See docs/migrating/redis-jwt.md.
 * @example
 * const r = new RedisJWT({ host: '127.0.0.1', port: 6379, secret: process.env.JWT_SECRET, multiple: false })
 * const token = await r.create(req, 'id_user', { hello: 'world' }, 3600)
 * const session = await r.verify(token)   // { _id: 'id_user', _key, _ttl, ... }; rejects for a bad token
 * @packageDocumentation
 */
import { randomBytes } from 'node:crypto'
import { createClient } from 'redis'
import { rejectUnknownKeys } from '../../config/unknown-keys.js'
import { ConfigError } from '../../errors/index.js'
import { createSessions } from '../../sessions/create-sessions.js'
import type { Sessions } from '../../sessions/types.js'
import type { RedisPort, RedisReply } from '../../stores/redis/port.js'
import { reconnectStrategy, redisStore } from '../../stores/redis/redis-store.js'
import type { SessionStore } from '../../stores/types.js'
import { helpers, type RedisJWTCall, type StoredSession } from './helpers.js'
import { enableKeyspaceEvents, flat, subscribeSessionEvents, type KeaEvent } from './kea.js'
import { resolveOptions, ttlMs, type RedisJWTOptions, type ResolvedRedisJWTOptions } from './options.js'

export type { RedisJWTOptions } from './options.js'
export type { RedisJWTCall } from './helpers.js'
export type { KeaEvent } from './kea.js'

/**
 * What `verify` resolves to: redis-jwt 1.4's fields (`id`, `ttl`, `rjwt`, `dataToken`, `iat`), the
 * README version's (`_id`, `_ttl`, `_key`, `_verify`), and the token's claims. See
 * docs/migrating/redis-jwt.md for where each field comes from.
 */
export interface RedisJWTSession {
  /** The user id given to `sign`/`create` (1.4). Same as `_id`. */
  id: string
  /** Seconds the session has left (1.4). Same as `_ttl`. */
  ttl: number
  /** The session's key, what the `call()` helpers take (1.4 named the Redis key so). Same as `_key`. */
  rjwt: string
  /** The `dataToken` given to `sign`, read from the token itself (1.4). */
  dataToken?: unknown
  /** The user id given to `create`. */
  _id: string
  /** The random part of the session, as in the seed. */
  _verify: string
  /** The session id: what the `call()` helpers take as a key. */
  _key: string
  /** Seconds the session has left. */
  _ttl: number
  iat: number
  exp: number
  /** `verify(token, true)`: the data given to `create`, or the `dataSession` given to `sign`. */
  dataSession?: Record<string, unknown>
  [claim: string]: unknown
}

/** redis-jwt 1.4's `sign(id, options)`. */
export interface SignOptions {
  /** Seconds, or a duration in `ms`'s grammar (`'15 minutes'`, `'1h'`). Default: the `defaultTtl` option. */
  ttl?: number | string
  /** Put into the token as the `dataToken` claim, readable by anyone holding the token. */
  dataToken?: unknown
  /** Kept server-side with the session; `verify(token, true)` returns it as `dataSession`. */
  dataSession?: Record<string, unknown>
}

/** The request `create` reads the device facts from (user agent, IP). */
export interface RequestLike {
  headers?: Record<string, string | string[] | undefined>
  socket?: { remoteAddress?: string }
  connection?: { remoteAddress?: string }
}

type Listener = (...args: unknown[]) => void
// One idle window for every engine: a session ends at its own absolute TTL, whichever engine reads it.
const MAX_TTL_MS = 3650 * 86_400_000
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

/** The seed's class, over a jwt-sessions engine. */
export default class RedisJWT {
  private readonly o: ResolvedRedisJWTOptions
  private readonly client: ReturnType<typeof createClient>
  private readonly store: SessionStore & { readonly port: RedisPort }
  private readonly engines = new Map<number, Sessions<StoredSession>>()
  private readonly listeners = new Map<string, Set<Listener>>()
  private readonly connecting: Promise<unknown>
  private readonly kea: Promise<void>
  private subscriber: ReturnType<typeof createClient> | undefined
  private down = false

  constructor(options: RedisJWTOptions) {
    this.o = resolveOptions(options)
    const { socket, ...rest } = this.o.connection
    this.client = createClient({
      ...rest,
      socket: { ...socket, reconnectStrategy, connectTimeout: 1000 },
      disableOfflineQueue: true,
    } as never)
    this.client.on('error', (e: unknown) => this.emit('error', e))
    this.client.on('connect', () => this.emit('connected'))
    this.client.on('ready', () => {
      this.down = false
      this.emit('ready')
    })
    const lost = () => {
      if (!this.down) this.emit('disconnected')
      this.down = true
    }
    this.client.on('reconnecting', lost)
    this.client.on('end', lost)
    this.store = redisStore({
      client: this.client,
      keyPrefix: this.o.keyPrefix,
      commandTimeout: this.o.commandTimeoutMs,
    })
    this.connecting = this.client.connect().catch(() => undefined)
    this.kea = this.o.kea ? this.startKea().catch((e: unknown) => this.emit('error', e)) : Promise.resolve()
  }

  /** Resolves once connected (or after the command timeout) and, with `KEA`, subscribed. */
  async ready(): Promise<void> {
    await this.connected()
    await this.kea
  }

  private async connected(): Promise<void> {
    if (this.client.isReady) return
    await Promise.race([this.connecting, new Promise((r) => setTimeout(r, this.o.commandTimeoutMs).unref())])
  }

  private async startKea(): Promise<void> {
    await this.connected()
    await enableKeyspaceEvents((args) => this.client.sendCommand(args))
    const sub = this.client.duplicate()
    sub.on('error', (e: unknown) => this.emit('error', e))
    this.subscriber = sub
    await subscribeSessionEvents(sub as never, this.o.db, this.o.keyPrefix, (event, e: KeaEvent) => this.emit(event, e))
  }

  private async engine(ttl = this.o.defaultTtlMs): Promise<Sessions<StoredSession>> {
    await this.connected()
    let e = this.engines.get(ttl)
    if (!e) {
      if (ttl > MAX_TTL_MS) throw new ConfigError('ttl must be at most 3650 days')
      if (this.engines.size >= 64) this.engines.clear()
      e = createSessions<StoredSession>({
        store: this.store,
        secret: this.o.secret,
        accessTokenTtl: Math.max(ttl, 1000),
        sessionTtl: ttl,
        refreshTokenTtl: MAX_TTL_MS,
        maxSessionsPerUser: this.o.multiple ? Infinity : 1,
      })
      this.engines.set(ttl, e)
    }
    return e
  }

  private emit(event: string, ...args: unknown[]): void {
    for (const fn of this.listeners.get(event) ?? []) {
      try {
        fn(...args)
      } catch {
        // A listener's failure must not break the connection handling that emitted the event.
      }
    }
  }

  /**
   * Starts a session and resolves to its token: `create(req, userId)`, `create(req, userId, data)`,
   * `create(req, userId, ttl)`, `create(req, userId, data, ttl)`. `ttl` is seconds or `'15m'`;
   * without it, `defaultTtl` (1 day). With `multiple: false` the user's other sessions end.
   */
  async create(
    req: RequestLike | null | undefined,
    userId: string | number,
    param1?: unknown,
    param2?: unknown,
  ): Promise<string> {
    let ttl: unknown
    let extra: Record<string, unknown> = {}
    if (typeof param1 !== 'object' && !param2) ttl = param1
    else if (typeof param1 === 'object') {
      extra = (param1 ?? {}) as Record<string, unknown>
      ttl = param2
    } else throw new ConfigError('redis-jwt: create(req, userId, data?, ttl?)')
    const set = await this.createSession(
      String(userId),
      extra,
      ttl === undefined || ttl === null ? undefined : ttlMs(ttl),
      req,
    )
    return set.accessToken
  }

  /**
   * redis-jwt 1.4's form: starts a session for `id` and resolves to its token. `dataToken` goes into
   * the token, `dataSession` stays server-side (`verify(token, true)` returns it).
   * @example const token = await r.sign('507f191e810c19729de860ea', { ttl: '15 minutes', dataToken: { hello: 'world' } })
   */
  async sign(id: string | number, options: SignOptions = {}): Promise<string> {
    if (options === null || typeof options !== 'object')
      throw new ConfigError('redis-jwt: sign(id, { ttl?, dataToken?, dataSession? })')
    rejectUnknownKeys(options, ['ttl', 'dataToken', 'dataSession'], 'RedisJWT.sign')
    const { ttl, dataToken, dataSession } = options
    if (dataSession !== undefined && (dataSession === null || typeof dataSession !== 'object'))
      throw new ConfigError('dataSession must be an object')
    const claims = dataToken === undefined || dataToken === null ? undefined : { dataToken }
    const set = await this.createSession(
      String(id),
      { ...(dataSession ?? {}) },
      ttl === undefined || ttl === null ? undefined : ttlMs(ttl),
      undefined,
      claims,
    )
    return set.accessToken
  }

  private async createSession(
    userId: string,
    extra: Record<string, unknown>,
    ttl: number | undefined,
    req?: RequestLike | null,
    claims?: Record<string, unknown>,
  ) {
    const ua = req?.headers?.['user-agent']
    const fwd = req?.headers?.['x-forwarded-for']
    const ip =
      (typeof fwd === 'string' ? fwd.split(',')[0]?.trim() : undefined) ||
      req?.socket?.remoteAddress ||
      req?.connection?.remoteAddress
    let verify = ''
    for (const b of randomBytes(11)) verify += ALNUM.charAt(b % ALNUM.length)
    const data: StoredSession = {
      _verify: verify,
      ...(ua !== undefined ? { _agent: ua } : {}),
      ...(ip ? { _ip: ip } : {}),
      ...extra,
    }
    const meta = { ...(ip ? { ip } : {}), ...(typeof ua === 'string' ? { userAgent: ua.slice(0, 256) } : {}) }
    return (await this.engine(ttl)).create(userId, { data, meta, ...(claims ? { claims } : {}) })
  }

  /**
   * Verifies a token and its session. Rejects (TOKEN_INVALID, TOKEN_EXPIRED, SESSION_REVOKED,
   * STORE_UNAVAILABLE) instead of the seed's resolving to `false`, so a `.then` can never let a bad
   * token through. `valueSession: true` adds the data given to `create` as `dataSession`.
   */
  async verify(token: string, valueSession = false): Promise<RedisJWTSession> {
    const ctx = await (await this.engine()).verify(token)
    const { _verify, _agent: _a, _ip: _i, _rjwt: _r, ...extra } = (ctx.data ?? {}) as StoredSession
    const ttl = Math.max(0, Math.ceil((ctx.expiresAt - Date.now()) / 1000))
    return {
      ...ctx.claims,
      id: ctx.userId,
      ttl,
      rjwt: ctx.sessionId,
      _id: ctx.userId,
      _verify: String(_verify ?? ''),
      _key: ctx.sessionId,
      _ttl: ttl,
      ...(valueSession ? { dataSession: extra } : {}),
    }
  }

  /**
   * Raw Redis commands (`rawCall(['PING'], cb)`) on the library's connection, answered as the seed's
   * driver did (flat arrays, strings, numbers). Returns a promise too. Raw commands see the whole
   * database: the session layout is the jwt-sessions one, so prefer `call()` for sessions.
   */
  exec(): {
    rawCall(
      args: ReadonlyArray<string | number>,
      cb?: (err: Error | null, result?: RedisReply) => void,
    ): Promise<RedisReply>
  } {
    return {
      rawCall: (args, cb) => {
        const work = this.connected().then(
          async () => flat(await this.client.sendCommand(args.map(String))) as RedisReply,
        )
        if (typeof cb === 'function') {
          work.then(
            (r) => cb(null, r),
            (e: unknown) => cb(e instanceof Error ? e : new Error(String(e))),
          )
          return work.catch(() => null)
        }
        return work
      },
    }
  }

  /** The helper object (`ping`, `create`, `exists`, `ttl`, `getValueByKey`, `getValuesByPattern`, ...). */
  call(): RedisJWTCall {
    return helpers({
      engine: () => this.engine(),
      send: async (args) => {
        await this.connected()
        return this.store.port.send(args)
      },
      createSession: (userId, data, ttl) => this.createSession(userId, data, ttl),
      ttlMs,
    })
  }

  /**
   * Listens to `ready`, `connected`, `disconnected`, `error`, and with `KEA` to `expired` and `del`
   * (`{ userId, key }`: the user's last session expired or was removed).
   */
  on(event: string, cb: Listener): this {
    let set = this.listeners.get(event)
    if (!set) this.listeners.set(event, (set = new Set()))
    set.add(cb)
    return this
  }

  /** Closes the connections this instance opened. */
  async close(): Promise<void> {
    const quit = async (c: ReturnType<typeof createClient> | undefined) => {
      if (!c) return
      if (c.isReady) await c.close().catch(() => c.destroy())
      else if (c.isOpen) c.destroy()
    }
    await this.kea.catch(() => undefined)
    await quit(this.subscriber)
    await quit(this.client)
  }
}
