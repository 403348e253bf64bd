import { ConfigError } from '../../errors/index.js'
import type { InvalidationFeed } from '../types.js'
import { detectFlavour } from './shims.js'
import type { NodeAddress } from './resp3-connection.js'
import { TrackingChannel } from './tracking-channel.js'

/** A node that must be tracked: a stable id (its address) and where to connect. */
interface TrackedNode {
  id: string
  address(): NodeAddress | Promise<NodeAddress>
}

/** Options of {@link trackingFeed}. */
export interface TrackingFeedOptions {
  /** node-redis client (single node, cluster or sentinel) whose nodes are tracked. */
  client: unknown
  /** Key prefix whose user hashes are tracked (`<keyPrefix>u:`). */
  prefix: string
  /** How often each channel is PINGed and the node list re-read, in ms. */
  heartbeatMs: number
  /** node-redis options for Sentinel master connections (credentials, TLS); the store's own for its own Sentinel. */
  sentinelNodeOptions?: Record<string, unknown>
}

interface NodeRedisOptions {
  socket?: { host?: string; port?: number; path?: string; tls?: boolean; [tlsOption: string]: unknown }
  username?: string
  password?: string
}

/** Where a node-redis client connects, and with which credentials. */
function addressOf(o: NodeRedisOptions | undefined, at?: { host: string; port: number }): NodeAddress {
  const { host, port, path, tls, ...tlsOptions } = o?.socket ?? {}
  return {
    ...(path !== undefined ? { path } : { host: at?.host ?? host ?? '127.0.0.1', port: at?.port ?? port ?? 6379 }),
    ...(tls ? { tls: Object.keys(tlsOptions).length ? (tlsOptions as object) : true } : {}),
    ...(o?.username !== undefined ? { username: o.username } : {}),
    ...(o?.password !== undefined ? { password: o.password } : {}),
  }
}

function nodesOf(client: unknown, sentinelNodeOptions: NodeRedisOptions): () => TrackedNode[] {
  switch (detectFlavour(client)) {
    case 'node-redis': {
      const c = client as { options?: NodeRedisOptions }
      return () => [{ id: 'node', address: () => addressOf(c.options) }]
    }
    case 'node-redis-cluster': {
      // Per-node tracking: each master reports only its own keys. The list follows failovers.
      const c = client as {
        masters: Array<{ address?: string; host: string; port: number }>
        nodeClient(m: unknown): unknown
      }
      return () =>
        c.masters.map((m) => ({
          id: m.address ?? `${m.host}:${m.port}`,
          address: async () => addressOf(((await c.nodeClient(m)) as { options?: NodeRedisOptions }).options, m),
        }))
    }
    case 'node-redis-sentinel': {
      const c = client as { getMasterNode(): { host: string; port: number } | undefined }
      return () => {
        const m = c.getMasterNode()
        return m ? [{ id: `${m.host}:${m.port}`, address: () => addressOf(sentinelNodeOptions, m) }] : []
      }
    }
    default:
      throw new ConfigError(
        'localCache needs a node-redis client (redisStore({ url }), a node-redis client, cluster or sentinel): ' +
          'with ioredis the library cannot tell which nodes to track',
      )
  }
}

/**
 * Invalidations for every user hash under a prefix, from every node that holds them: one tracking
 * channel per single node, per Sentinel master, per Cluster master. `live` only while every current
 * node has a confirmed channel; losing one, or the node list changing, resets the listeners.
 * @example const feed = trackingFeed({ client, prefix: 'jwts:u:', heartbeatMs: 500 })
 */
export function trackingFeed(o: TrackingFeedOptions): InvalidationFeed {
  const discover = nodesOf(o.client, (o.sentinelNodeOptions ?? {}) as NodeRedisOptions)
  const channels = new Map<string, TrackingChannel>()
  const listeners: Array<{ key(k: string): void; reset(): void }> = []
  let live = false
  let timer: NodeJS.Timeout | undefined
  let closed = false

  const reset = () => {
    for (const l of listeners) l.reset()
  }
  const recompute = () => {
    const now = !closed && channels.size > 0 && [...channels.values()].every((c) => c.live)
    // Going down, and also coming up: anything cached across the gap is suspect.
    if (now !== live) reset()
    live = now
  }
  const events = {
    key: (k: string | null) => {
      if (k === null) return reset()
      for (const l of listeners) l.key(k)
    },
    state: recompute,
  }
  const reconcile = () => {
    let nodes: TrackedNode[]
    try {
      nodes = discover()
    } catch {
      nodes = []
    }
    const ids = new Set(nodes.map((n) => n.id))
    for (const [id, ch] of channels) {
      if (ids.has(id)) continue
      ch.close()
      channels.delete(id)
    }
    for (const n of nodes) {
      if (channels.has(n.id)) continue
      const ch = new TrackingChannel(n.id, n.address, o.prefix, events, Math.max(1000, o.heartbeatMs * 2))
      channels.set(n.id, ch)
      void ch.start()
    }
    recompute()
  }

  return {
    get live() {
      return live
    },
    start() {
      if (timer || closed) return
      reconcile()
      timer = setInterval(() => {
        reconcile()
        for (const ch of channels.values()) ch.beat()
      }, o.heartbeatMs).unref()
    },
    listen(l) {
      listeners.push(l)
    },
    async close() {
      closed = true
      if (timer) clearInterval(timer)
      for (const ch of channels.values()) ch.close()
      channels.clear()
      recompute()
    },
  }
}
