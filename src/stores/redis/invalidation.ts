import { ConfigError } from '../../errors/index.js'
import type { InvalidationFeed } from '../types.js'
import { detectFlavour } from './shims.js'
import { TrackingChannel, type TrackingClient } from './tracking-channel.js'

/** A node that must be tracked: a stable id (its address) and how to open its channel. */
interface TrackedNode {
  id: string
  open(): TrackingClient | Promise<TrackingClient>
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

// Overrides for the tracking connection: RESP3 push messages, never the caller's own client-side cache.
const TRACKING = { RESP: 3, emitInvalidate: true, clientSideCache: undefined, disableOfflineQueue: true } as const

type Duplicable = { duplicate(o: object): TrackingClient }

function nodesOf(client: unknown, sentinelNodeOptions: Record<string, unknown>): () => TrackedNode[] {
  const flavour = detectFlavour(client)
  switch (flavour) {
    case 'node-redis':
      return () => [{ id: 'node', open: () => (client as Duplicable).duplicate(TRACKING) }]
    case 'node-redis-cluster': {
      // Per-node tracking: each master reports only its own keys. The list follows failovers.
      const c = client as { masters: Array<{ address?: string; host?: string; port?: number }>; nodeClient(m: unknown): unknown }
      return () =>
        c.masters.map((m) => ({
          id: m.address ?? `${m.host}:${m.port}`,
          open: async () => ((await c.nodeClient(m)) as Duplicable).duplicate(TRACKING),
        }))
    }
    case 'node-redis-sentinel': {
      const c = client as { getMasterNode(): { host: string; port: number } | undefined }
      return () => {
        const m = c.getMasterNode()
        if (!m) return []
        return [{ id: `${m.host}:${m.port}`, open: async () => openNodeClient({ ...sentinelNodeOptions, socket: { ...(sentinelNodeOptions['socket'] as object | undefined), host: m.host, port: m.port } }) }]
      }
    }
    default:
      throw new ConfigError(
        'localCache needs a node-redis client (redisStore({ url }), a node-redis client, cluster or sentinel): ' +
          'the invalidations it relies on arrive as RESP3 push messages, which the ioredis path does not read',
      )
  }
}

async function openNodeClient(options: Record<string, unknown>): Promise<TrackingClient> {
  const { createClient } = await import('redis')
  return createClient({ ...options, ...TRACKING } as Parameters<typeof createClient>[0]) as unknown as TrackingClient
}

/**
 * Invalidations for every user hash under a prefix, from every node that holds them: one tracking
 * channel per single node, per Sentinel master, per Cluster master. `live` only while every current
 * node has a confirmed channel; losing one, or the node list changing, resets the listeners.
 * @example const feed = trackingFeed({ client, prefix: 'jwts:u:', heartbeatMs: 500 })
 */
export function trackingFeed(o: TrackingFeedOptions): InvalidationFeed {
  const discover = nodesOf(o.client, o.sentinelNodeOptions ?? {})
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
      const ch = new TrackingChannel(n.id, n.open, o.prefix, events)
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
