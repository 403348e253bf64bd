import { createClient, createCluster, createSentinel } from 'redis'
import { parseDuration, type Duration } from '../../config/duration.js'
import { ConfigError, StoreUnavailableError } from '../../errors/index.js'
import { bucketKey, userKey, userKeyPattern } from '../keys.js'
import { outageLog, type OutageLog } from '../../observability/outage-log.js'
import { byLoginOrder, decodeRecord, encodeRecord, sessionEndsAt } from '../record.js'
import { bindLifetimes, type LifetimeMethods } from '../bind-lifetimes.js'
import type {
  AdminStore,
  CreateInput,
  GetResult,
  Lifetimes,
  ListedSession,
  RateLimitDecision,
  RotateInput,
  RotateResult,
  LocalCacheSupport,
  SessionBackend,
  SessionStore,
  VerifiedRecord,
  StoredSession,
  VerifyResult,
} from '../types.js'
import type { LifetimeVerifyArgs } from '../types.js'
import type { RedisPort, RedisReply } from './port.js'
import { redisHit, redisRefund, redisResetBucket } from './rate-limit.js'
import { Deadlines } from './deadlines.js'
import { runScript } from './run-script.js'
import { ServerClock } from './server-clock.js'
import { SCRIPTS } from './scripts.generated.js'
import { detectFlavour, portFor } from './shims.js'
import { lazyConnection, type OwnClient } from './own-connection.js'
import { describeRedisError } from './describe-error.js'
import { checkRedisStoreOptions } from './options.js'
import { localCacheSupport } from './local-cache-support.js'
import { userPort } from './user-port.js'

/** Options of {@link redisStore}. Give one of `url`, `client`, `cluster`, `sentinel`, or node-redis options. */
export interface RedisStoreOptions {
  /** `redis://[user:pass@]host:port[/db]`. Default when nothing else is given: `redis://127.0.0.1:6379`. */
  url?: string
  /** Your connected (or connecting) node-redis or ioredis client, single, cluster or sentinel. Never closed by us. */
  client?: unknown
  /** Any other client, through an object implementing {@link RedisPort} (Redis over REST, a proxy). Never closed by us. */
  port?: RedisPort
  /** Open a Redis Cluster connection: node-redis `createCluster` options (`rootNodes`, ...). */
  cluster?: { rootNodes: Array<{ url?: string; socket?: Record<string, unknown> }>; [option: string]: unknown }
  /** Open a Sentinel connection: node-redis `createSentinel` options (`name`, `sentinelRootNodes`/`sentinels`, ...). */
  sentinel?: {
    name: string
    sentinels?: Array<{ host: string; port: number }>
    sentinelRootNodes?: Array<{ host: string; port: number }>
    [option: string]: unknown
  }
  /** Prefix of every key; must end in `:`. Default `jwts:`. */
  keyPrefix?: string
  /** A call that gets no answer within this rejects with StoreUnavailableError. Default `1s`. */
  commandTimeout?: Duration
  /**
   * Durability across a failover: after each write whose loss would matter (create, rotate, revoke,
   * revokeAll) wait until `replicas` replicas acknowledge it (Redis `WAIT` on the master that holds
   * the user's slot), at most `timeout` (default `100ms`, must be below `commandTimeout`). Fewer
   * acknowledgements: the call rejects with StoreUnavailableError although the master has the write.
   * What it promises: a call that resolved is in the memory of that many replicas, so a failover
   * that promotes one of them keeps it. Not a promise: disk persistence (that is AOF's job), or
   * survival when every acknowledging replica fails too. Default: off (asynchronous replication).
   * @example redisStore({ cluster: { rootNodes }, waitForReplicas: { replicas: 1, timeout: '100ms' } })
   */
  waitForReplicas?: { replicas: number; timeout?: Duration }
  /** Where one line per outage goes. Default `console`. */
  logger?: { warn(message: string): void }
  /** Any other node-redis `createClient` option (`socket`, `password`, `database`, ...). */
  [nodeRedisOption: string]: unknown
}

const PREFIX = /^[A-Za-z0-9_.\-/:]{0,63}:$/

/** Validates a key prefix. Exported for the memory store and compat layers. */
export function checkKeyPrefix(prefix: unknown): string {
  if (prefix === undefined) return 'jwts:'
  // No braces: the hash tag that keeps each user's keys in one cluster slot must be ours alone.
  if (typeof prefix !== 'string' || !PREFIX.test(prefix)) {
    throw new ConfigError('keyPrefix must be up to 64 letters, digits or _ . - / : ending in ":" (like "jwts:")')
  }
  return prefix
}

/** Reconnect quickly: calls must succeed again within a second of Redis coming back. */
export const reconnectStrategy = (retries: number): number => Math.min(50 * 2 ** retries, 500)

function openOwnClient(o: RedisStoreOptions, logger: OutageLog): unknown {
  const {
    url,
    client: _c,
    cluster,
    sentinel,
    keyPrefix: _k,
    commandTimeout: _t,
    logger: _l,
    waitForReplicas: _w,
    ...rest
  } = o
  let outage = false
  const onError = (err: unknown) => {
    if (outage) return
    outage = true
    logger.warn(
      `jwt-sessions: Redis unavailable (${describeRedisError(err)}); calls fail with STORE_UNAVAILABLE until it answers`,
      'store.unavailable',
      { store: 'redis' },
    )
  }
  const onReady = () => {
    if (outage) logger.warn('jwt-sessions: Redis is reachable again', 'store.recovered', { store: 'redis' })
    outage = false
  }
  let c: { on(ev: string, fn: (...a: unknown[]) => void): unknown; connect(): Promise<unknown> }
  if (cluster) {
    const { rootNodes, ...clusterRest } = cluster
    c = createCluster({
      rootNodes: rootNodes.map((n) => ({
        ...n,
        disableOfflineQueue: true,
        socket: { reconnectStrategy, connectTimeout: 1000, ...(n.socket ?? {}) },
      })),
      defaults: { disableOfflineQueue: true, socket: { reconnectStrategy, connectTimeout: 1000 } },
      // Re-read the slot map soon after a node stops answering (default 5 s), so that calls reach
      // the promoted replica within about half a second of its promotion.
      topologyRefreshOnReconnectionAttemptStrategy: 250,
      ...clusterRest,
    } as Parameters<typeof createCluster>[0]) as never
  } else if (sentinel) {
    const { sentinels, sentinelRootNodes, ...sentinelRest } = sentinel
    c = createSentinel({
      sentinelRootNodes: sentinelRootNodes ?? sentinels ?? [],
      nodeClientOptions: { disableOfflineQueue: true, socket: { reconnectStrategy, connectTimeout: 1000 } },
      // Without it a failing master's errors never reach the 'error' listener, so outages go unlogged.
      passthroughClientErrorEvents: true,
      ...sentinelRest,
    } as Parameters<typeof createSentinel>[0]) as never
  } else {
    const socket = { reconnectStrategy, connectTimeout: 1000, ...((rest['socket'] as object | undefined) ?? {}) }
    // Our deadlines bound every call, so node-redis's own per-command timer (an AbortSignal per
    // command, about a tenth of verify's CPU) is switched off unless the caller configured one.
    const commandOptions = { timeout: 0, ...((rest['commandOptions'] as object | undefined) ?? {}) }
    c = createClient({
      ...rest,
      url: url ?? (rest['socket'] ? undefined : 'redis://127.0.0.1:6379'),
      socket,
      commandOptions,
      disableOfflineQueue: true,
    } as Parameters<typeof createClient>[0]) as never
  }
  c.on('error', onError)
  c.on('ready', onReady)
  if (sentinel) {
    // The first master change is the initial discovery; later ones are failovers.
    let masters = 0
    c.on('topology-change', (e) => {
      if ((e as { type?: unknown } | undefined)?.type === 'MASTER_CHANGE' && masters++ > 0)
        logger.warn('jwt-sessions: Sentinel failed over to a new master', 'store.failover', { store: 'redis' })
    })
  }
  return c
}

/**
 * A Redis-backed session store: single node, Sentinel or Cluster, through a connection it opens
 * (node-redis) or your own node-redis / ioredis client.
 * `keyPrefix` may also be given as the second argument: `redisStore({ client }, 'myapp:')`.
 * @example redisStore({ url: 'redis://127.0.0.1:6379', keyPrefix: 'myapp:' })
 */
export function redisStore(
  options: RedisStoreOptions = {},
  keyPrefixArg?: string,
): SessionStore & { readonly keyPrefix: string; readonly port: RedisPort } {
  if (options === null || typeof options !== 'object') throw new ConfigError('redisStore options must be an object')
  checkRedisStoreOptions(options)
  if (keyPrefixArg !== undefined && options.keyPrefix !== undefined && keyPrefixArg !== options.keyPrefix) {
    throw new ConfigError('keyPrefix is given twice with different values')
  }
  const keyPrefix = checkKeyPrefix(keyPrefixArg ?? options.keyPrefix)
  const timeoutMs = parseDuration(options.commandTimeout ?? 1000, 'commandTimeout')
  // Its own logger when given; else the logger of the engine built on this store (see outage-log.ts).
  let self: SessionStore | undefined
  const logger = outageLog(options.logger, () => self)
  if (options.url !== undefined && (typeof options.url !== 'string' || !/^rediss?:\/\//.test(options.url))) {
    throw new ConfigError('url must be a redis:// or rediss:// URL')
  }
  let port: RedisPort
  let raw: unknown = options.client
  if (options.port !== undefined) {
    port = userPort(options.port)
  } else if (options.client !== undefined) {
    if (!detectFlavour(options.client)) throw new ConfigError('client must be a node-redis or ioredis client')
    port = portFor(options.client, false, { deadlineMs: timeoutMs })
  } else {
    const own = openOwnClient(options, logger) as OwnClient
    raw = own
    // Connects on the first call, never here; close() lets the process exit in every state.
    port = lazyConnection(own, portFor(own, true, { deadlineMs: timeoutMs }), Math.min(timeoutMs, 1000))
  }
  const store = (self = new RedisSessionStore(
    port,
    keyPrefix,
    timeoutMs,
    durability(options.waitForReplicas, timeoutMs),
  ))
  // The local session cache's invalidations ride on duplicates of this client (docs/local-cache.md):
  // one feed per store, shared by every engine on it, closed with it.
  let cache: LocalCacheSupport | undefined
  store.localCache = (o) =>
    (cache ??= localCacheSupport(
      store,
      raw,
      keyPrefix,
      o.heartbeatMs,
      options.sentinel?.['nodeClientOptions'] as Record<string, unknown> | undefined,
    ))
  const closeStore = store.close.bind(store)
  store.close = async () => {
    await cache?.feed.close()
    return closeStore()
  }
  return store
}

function durability(w: RedisStoreOptions['waitForReplicas'], commandTimeoutMs: number): Durability | undefined {
  if (w === undefined) return undefined
  if (w === null || typeof w !== 'object' || !Number.isInteger(w.replicas) || w.replicas < 1) {
    throw new ConfigError('waitForReplicas.replicas must be an integer of at least 1')
  }
  const timeoutMs = parseDuration(w.timeout ?? 100, 'waitForReplicas.timeout')
  if (timeoutMs < 1 || timeoutMs >= commandTimeoutMs)
    throw new ConfigError('waitForReplicas.timeout must be at least 1 ms and below commandTimeout')
  return { replicas: w.replicas, timeoutMs }
}

interface Durability {
  replicas: number
  timeoutMs: number
}

class RedisSessionStore implements SessionStore, LifetimeMethods {
  readonly kind = 'redis'
  localCache?: (o: { heartbeatMs: number }) => LocalCacheSupport
  constructor(
    readonly port: RedisPort,
    readonly keyPrefix: string,
    private readonly timeoutMs: number,
    private readonly durability?: Durability,
  ) {
    this.deadlines = new Deadlines(timeoutMs)
    this.clock = new ServerClock(port)
  }

  private readonly clock: ServerClock

  private readonly deadlines: Deadlines

  /** WAIT on the connection that wrote `key` (see `waitForReplicas`); a no-op when not configured. */
  private async replicated(key: string): Promise<void> {
    const d = this.durability
    if (!d) return
    const acked = Number(await this.guard(this.port.send(['WAIT', String(d.replicas), String(d.timeoutMs)], key)))
    if (!(acked >= d.replicas)) {
      throw new StoreUnavailableError(
        `only ${acked} of ${d.replicas} Redis replicas acknowledged the write within ${d.timeoutMs} ms`,
      )
    }
  }

  /** Bounds every call by the command timeout and turns every transport failure into STORE_UNAVAILABLE. */
  private guard<T>(work: Promise<T>): Promise<T> {
    return this.deadlines.guard(work)
  }

  private script(name: keyof typeof SCRIPTS, key: string, args: (string | number)[]): Promise<RedisReply> {
    return this.guard(runScript(this.port, SCRIPTS[name], key, args.map(String)))
  }

  /**
   * A write script with a deadline on Redis's clock as its last argument (see `check_deadline`):
   * arriving after its caller was told STORE_UNAVAILABLE, it writes nothing.
   */
  private write(name: keyof typeof SCRIPTS, key: string, args: (string | number)[]): Promise<RedisReply> {
    const run = (deadline: number) => runScript(this.port, SCRIPTS[name], key, [...args, deadline].map(String))
    const d = this.clock.deadline(this.timeoutMs, key)
    return this.guard(typeof d === 'number' ? run(d) : d.then(run)).catch((err: unknown) => {
      if (err instanceof StoreUnavailableError && /DEADLINE/.test(String((err.cause as Error | undefined)?.message)))
        this.clock.reset()
      throw err
    })
  }

  sessions(life: Lifetimes): SessionBackend & AdminStore {
    return bindLifetimes(this, life)
  }

  private key(userId: string): string {
    return userKey(this.keyPrefix, userId)
  }

  async create(i: CreateInput, life: Lifetimes): Promise<{ evicted: string[] }> {
    const record = encodeRecord({
      createdAt: i.now,
      lastActiveAt: i.now,
      absoluteExpiresAt: i.absoluteExpiresAt,
      generation: 0,
      refreshHash: i.refreshHash,
    })
    const endsAt = Math.min(i.now + life.idleTtlMs, i.absoluteExpiresAt)
    const max = Number.isFinite(i.maxSessions) ? i.maxSessions : 0
    const reply = await this.write('create', this.key(i.userId), [
      i.key,
      record,
      i.now,
      life.idleTtlMs,
      max,
      i.data ?? '',
      i.meta ?? '',
      i.claims ?? '',
      life.graceMs,
      endsAt,
    ])
    await this.replicated(this.key(i.userId))
    return { evicted: Array.isArray(reply) ? reply.map(String) : [] }
  }

  // The hot path: no async layers of its own, string arguments, one bulk-string reply.
  verify(...[userId, key, now, touchAfterMs, life, generation]: LifetimeVerifyArgs): Promise<VerifyResult | null> {
    const args = [key, String(now), String(life.idleTtlMs), String(touchAfterMs)]
    if (generation !== undefined) args.push(String(generation))
    return this.guard(runScript(this.port, SCRIPTS.verify, this.key(userId), args)).then((r) =>
      typeof r === 'string' ? { data: r === '' ? null : r } : r === 0 ? { data: null, superseded: true } : null,
    )
  }

  /** verify for the local session cache: the record too (verify-record.lua). */
  async verifyRecord(
    ...[userId, key, now, touchAfterMs, life, generation]: LifetimeVerifyArgs
  ): Promise<VerifiedRecord | null> {
    const r = await this.script('verifyRecord', this.key(userId), [
      key,
      now,
      life.idleTtlMs,
      touchAfterMs,
      ...(generation === undefined ? [] : [generation]),
    ])
    if (!Array.isArray(r)) return null
    const session = decodeRecord(key, r[0])
    const data = r[1]
    return session ? { session, data: typeof data === 'string' && data !== '' ? data : null } : null
  }

  async rotate(i: RotateInput, life: Lifetimes): Promise<RotateResult> {
    const reply = await this.write('rotate', this.key(i.userId), [
      i.key,
      i.presentedHash,
      i.newHash,
      i.now,
      life.idleTtlMs,
      life.graceMs,
      i.graceBlob,
      i.meta ?? '',
    ])
    const r = Array.isArray(reply) ? reply : []
    const str = (v: RedisReply | undefined) => (typeof v === 'string' ? v : null)
    // A grace answer wrote nothing; a rotation or a reuse revocation must survive a failover.
    if (r[0] === 'rotated' || r[0] === 'reused') await this.replicated(this.key(i.userId))
    switch (r[0]) {
      case 'rotated': {
        const session = decodeRecord(i.key, r[1])
        return session ? { kind: 'rotated', session, claims: str(r[2]) } : { kind: 'missing' }
      }
      case 'grace': {
        const session = decodeRecord(i.key, r[1])
        if (!session) return { kind: 'missing' }
        return {
          kind: 'grace',
          session,
          claims: str(r[2]),
          graceBlob: str(r[3]) ?? '',
          rotatedAt: parseInt(String(r[4]), 36),
        }
      }
      case 'reused':
        return { kind: 'reused', reason: r[1] === 'grace-expired' ? 'grace-expired' : 'retired-token' }
      default:
        return { kind: 'missing' }
    }
  }

  async revoke(userId: string, key: string, now: number, life: Lifetimes): Promise<boolean> {
    const gone = (await this.write('revoke', this.key(userId), [key, now, life.idleTtlMs])) === 1
    if (gone) await this.replicated(this.key(userId))
    return gone
  }

  async revokeAll(userId: string, exceptKey: string | undefined, now: number, life: Lifetimes): Promise<string[]> {
    const reply = await this.write('revokeAll', this.key(userId), [exceptKey ?? '', now, life.idleTtlMs])
    await this.replicated(this.key(userId))
    return Array.isArray(reply) ? reply.map(String) : []
  }

  async list(userId: string, now: number, life: Lifetimes): Promise<ListedSession[]> {
    const reply = await this.script('list', this.key(userId), [now, life.idleTtlMs])
    const out: Array<ListedSession & { seq: number }> = []
    if (!Array.isArray(reply)) return out
    for (let i = 0; i + 2 < reply.length; i += 3) {
      const s = decodeRecord(String(reply[i]), reply[i + 1])
      const meta = reply[i + 2]
      if (s) out.push({ ...s, meta: typeof meta === 'string' && meta !== '' ? meta : null })
    }
    return out.sort(byLoginOrder).map(({ seq: _seq, ...s }) => s)
  }

  async get(userId: string, key: string, now: number, life: Lifetimes): Promise<GetResult | null> {
    const h = this.key(userId)
    const reply = await this.guard(this.port.send(['HMGET', h, key, `d:${key}`, `m:${key}`], h))
    if (!Array.isArray(reply)) return null
    const s = decodeRecord(key, reply[0])
    if (!s || sessionEndsAt(s, life.idleTtlMs) <= now) return null
    const str = (v: RedisReply | undefined) => (typeof v === 'string' ? v : null)
    return { ...s, data: str(reply[1]), meta: str(reply[2]) }
  }

  async update(userId: string, key: string, data: string | null, now: number, life: Lifetimes): Promise<boolean> {
    return (await this.write('update', this.key(userId), [key, data ?? '', now, life.idleTtlMs])) === 1
  }

  async touch(userId: string, key: string, now: number, life: Lifetimes): Promise<boolean> {
    return (await this.write('touch', this.key(userId), [key, now, life.idleTtlMs])) === 1
  }

  hit(bucket: string, limit: number, windowMs: number, blockMs: number, now: number): Promise<RateLimitDecision> {
    const key = bucketKey(this.keyPrefix, bucket)
    return this.guard(redisHit(this.port, key, limit, windowMs, blockMs, now))
  }

  refundHit(bucket: string, hitAt: number): Promise<boolean> {
    return this.guard(redisRefund(this.port, bucketKey(this.keyPrefix, bucket), hitAt))
  }

  resetBucket(bucket: string): Promise<void> {
    return this.guard(redisResetBucket(this.port, bucketKey(this.keyPrefix, bucket)))
  }

  async ping(): Promise<number> {
    const start = performance.now()
    await this.guard(this.port.send(['PING']))
    return performance.now() - start
  }

  async countAll(now: number, life: Lifetimes): Promise<{ sessions: number; users: number }> {
    // SCAN, never KEYS: this walks the keyspace in small steps, master by master on a cluster.
    let sessions = 0
    let users = 0
    for (const master of await this.guard(this.port.masters())) {
      let cursor = '0'
      do {
        const reply = await this.guard(
          master.send(['SCAN', cursor, 'MATCH', userKeyPattern(this.keyPrefix), 'COUNT', '1000']),
        )
        const [next, keys] = Array.isArray(reply) ? reply : ['0', []]
        cursor = String(next)
        for (const key of Array.isArray(keys) ? keys : []) {
          const n = Number(
            await this.guard(runScript(master, SCRIPTS.count, String(key), [String(now), String(life.idleTtlMs)])),
          )
          sessions += n
          if (n > 0) users++
        }
      } while (cursor !== '0')
    }
    return { sessions, users }
  }

  close(): Promise<void> {
    this.deadlines.stop()
    return this.port.close()
  }
}

export type { StoredSession }
