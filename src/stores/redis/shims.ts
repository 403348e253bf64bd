import type { RedisPort, RedisReply } from './port.js'

/**
 * Duck-typed views of the clients we accept. We never import ioredis, and node-redis only where
 * the library opens its own connection, so neither is a hard dependency of this module.
 */
interface NodeRedisClientLike {
  sendCommand(args: readonly string[], options?: unknown): Promise<unknown>
  isOpen: boolean
}
interface NodeRedisClusterLike {
  sendCommand(firstKey: string | undefined, isReadonly: boolean | undefined, args: readonly string[], options?: unknown): Promise<unknown>
  nodeClient(node: unknown): Promise<NodeRedisClientLike> | NodeRedisClientLike
  /** node-redis 6: the slot master's own connection (where a write just went). */
  getNodeClientForKey?(key: string, isReadonly?: boolean): Promise<NodeRedisClientLike>
  masters: unknown[]
}
interface NodeRedisSentinelLike {
  sendCommand(isReadonly: boolean | undefined, args: readonly string[], options?: unknown): Promise<unknown>
  _execute?<T>(isReadonly: boolean | undefined, fn: (client: NodeRedisClientLike) => Promise<T>): Promise<T>
  use: unknown
}
interface IoRedisLike {
  call(command: string, ...args: string[]): Promise<unknown>
  status: string
  options?: { host?: string; port?: number }
}
interface IoRedisClusterLike extends IoRedisLike {
  nodes(role: 'master'): IoRedisLike[]
  /** slot number → node keys (`host:port`), master first. */
  slots?: string[][]
}

/** Options of {@link portFor}. */
export interface PortOptions {
  /**
   * A command not yet written to a socket this many ms after it was sent is dropped, never sent
   * later: a caller already told STORE_UNAVAILABLE must not see the write happen after all (a
   * cluster or Sentinel client otherwise holds commands while it looks for the new master).
   */
  deadlineMs?: number
}

/** Which client a value is; detection by shape so that duplicated package copies still work. */
export type ClientFlavour = 'node-redis' | 'node-redis-cluster' | 'node-redis-sentinel' | 'ioredis' | 'ioredis-cluster'

export function detectFlavour(client: unknown): ClientFlavour | undefined {
  if (client === null || typeof client !== 'object') return undefined
  const c = client as Record<string, unknown>
  if (typeof c['call'] === 'function' && typeof c['status'] === 'string') {
    return typeof c['nodes'] === 'function' ? 'ioredis-cluster' : 'ioredis'
  }
  if (typeof c['sendCommand'] !== 'function') return undefined
  if (typeof c['nodeClient'] === 'function' && 'masters' in c) return 'node-redis-cluster'
  if (typeof c['use'] === 'function' && typeof c['_execute'] === 'function') return 'node-redis-sentinel'
  if ('isOpen' in c) return 'node-redis'
  return undefined
}

// ioredis hands back Buffers only when asked; node-redis may return numbers as strings in RESP3
// maps, which we never use. Normalise to the small reply union the port promises.
function normalise(reply: unknown): RedisReply {
  if (typeof reply === 'string' || typeof reply === 'number' || reply === null) return reply
  if (reply === undefined) return null
  if (typeof reply === 'bigint') return Number(reply)
  if (Buffer.isBuffer(reply)) return reply.toString('utf8')
  if (Array.isArray(reply)) return reply.map(normalise)
  // node-redis 6 answers some commands (CONFIG GET, HGETALL under RESP3) with maps or
  // null-prototype objects even through sendCommand: flatten them to the RESP2 shape.
  if (reply instanceof Map) return [...reply.entries()].flatMap(([k, v]) => [normalise(k), normalise(v)])
  if (typeof reply === 'object') return Object.entries(reply as Record<string, unknown>).flatMap(([k, v]) => [k, normalise(v)])
  return String(reply)
}

/**
 * Errors that prove a command never ran, so sending it again elsewhere cannot apply it twice:
 * refusals by a server that is not (or not yet) the master, and client-side refusals before writing.
 */
function neverRan(err: unknown): boolean {
  if (!(err instanceof Error)) return false
  if (/^(READONLY|LOADING|MASTERDOWN|TRYAGAIN|CLUSTERDOWN|MOVED|ASK) /.test(err.message)) return true
  return ['ClientOfflineError', 'ClientClosedError', 'AbortError'].includes(err.name)
}

// CRC16/XMODEM, the Redis Cluster key-slot hash (only ioredis WAIT routing needs it).
function keySlot(key: string): number {
  const open = key.indexOf('{')
  let k = key
  if (open !== -1) {
    const close = key.indexOf('}', open + 1)
    if (close > open + 1) k = key.slice(open + 1, close)
  }
  let crc = 0
  for (const byte of Buffer.from(k)) {
    crc ^= byte << 8
    for (let i = 0; i < 8; i++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff
  }
  return crc % 16384
}

/** Wraps a client in the port. `owned` clients are closed by `close()`, others never. */
export function portFor(client: unknown, owned: boolean, opts: PortOptions = {}): RedisPort {
  const flavour = detectFlavour(client)
  // An AbortController with a cleared timer, not AbortSignal.timeout (about 25 µs a call here).
  const withDeadline = async <T>(fn: (options: { abortSignal: AbortSignal } | undefined) => Promise<T>): Promise<T> => {
    if (!opts.deadlineMs) return fn(undefined)
    const ac = new AbortController()
    const timer = setTimeout(() => ac.abort(), opts.deadlineMs)
    try {
      return await fn({ abortSignal: ac.signal })
    } finally {
      clearTimeout(timer)
    }
  }
  switch (flavour) {
    case 'node-redis': {
      const c = client as NodeRedisClientLike & { close?: () => Promise<void>; quit?: () => Promise<void> }
      return {
        send: (args) => c.sendCommand(args).then(normalise),
        masters: async () => [portFor(client, false)],
        close: async () => {
          if (owned && c.isOpen) await (c.close ?? c.quit)?.call(c)
        },
      }
    }
    case 'node-redis-cluster': {
      const c = client as NodeRedisClusterLike & { close?: () => Promise<void> }
      return {
        send: async (args, key) => {
          // node-redis fans a keyless WAIT out to every shard; it must run on the connection that
          // just wrote `key`, which is its slot master's.
          if (args[0] === 'WAIT' && key !== undefined && c.getNodeClientForKey) {
            return normalise(await (await c.getNodeClientForKey(key, false)).sendCommand(args))
          }
          // Scripts write, so never route to a replica (isReadonly false): revocation must be
          // current. node-redis retries only on MOVED/ASK, which are refusals: nothing runs twice.
          return normalise(await withDeadline((options) => c.sendCommand(key, false, args, options)))
        },
        masters: async () => Promise.all(c.masters.map(async (m) => portFor(await c.nodeClient(m), false))),
        close: async () => {
          if (owned) await c.close?.()
        },
      }
    }
    case 'node-redis-sentinel': {
      const c = client as NodeRedisSentinelLike & { close?: () => Promise<void> }
      return {
        send: (args) =>
          withDeadline(async (options) => {
            if (!c._execute) return normalise(await c.sendCommand(false, args, options))
            // node-redis re-sends a command to the new master when the connection dropped while
            // it was in flight, which could apply a rotation or a rate-limit hit twice. Allow a
            // second attempt only when the first provably never ran.
            let blocked: unknown
            const reply = await c._execute(false, async (node) => {
              if (blocked !== undefined) throw blocked
              try {
                return await node.sendCommand(args, options)
              } catch (err) {
                if (!neverRan(err)) blocked = err
                throw err
              }
            })
            return normalise(reply)
          }),
        masters: async () => [portFor(client, false, opts)],
        close: async () => {
          if (owned) await c.close?.()
        },
      }
    }
    case 'ioredis':
    case 'ioredis-cluster': {
      const c = client as IoRedisClusterLike & { quit?: () => Promise<unknown> }
      const master = (key: string): IoRedisLike | undefined => {
        const addr = c.slots?.[keySlot(key)]?.[0]
        return c.nodes('master').find((n) => `${n.options?.host}:${n.options?.port}` === addr)
      }
      return {
        send: async (args, key) => {
          const [cmd, ...rest] = args
          // ioredis sends keyless commands to a random node; WAIT belongs with the write.
          const target = flavour === 'ioredis-cluster' && cmd === 'WAIT' && key !== undefined ? (master(key) ?? c) : c
          return normalise(await target.call(cmd as string, ...rest))
        },
        masters: async () =>
          flavour === 'ioredis-cluster' ? c.nodes('master').map((n) => portFor(n, false)) : [portFor(client, false)],
        close: async () => {
          if (owned) await c.quit?.()
        },
      }
    }
    default:
      throw new TypeError('unsupported Redis client')
  }
}
