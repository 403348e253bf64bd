import { createClient } from 'redis'
import type { Op } from './ops.js'

export type NodeRedis = ReturnType<typeof createClient<{}, {}, {}, 3, {}>>

/** Per-command counts: what the client sent, and what the server ran (scripts' inner calls included). */
export interface Counts {
  sent: Record<string, number>
  server: Record<string, number>
}

/**
 * A node-redis client whose `sendCommand` (the only method the library's port calls) counts what
 * it sends: round trips as the client makes them. `INFO commandstats` deltas give the server's side,
 * which also counts the commands each script runs inside (HMGET, HSET, ...).
 */
export interface Counter {
  client: NodeRedis
  /** Runs `op` `iterations` times (its `before` uncounted) and sums what each call sent and ran. */
  measure(op: Op, iterations: number): Promise<Counts>
  close(): Promise<void>
}

export async function countingClient(url: string): Promise<Counter> {
  const client = createClient({ url, disableOfflineQueue: true })
  const admin = createClient({ url })
  await Promise.all([client.connect(), admin.connect()])
  let sent: Record<string, number> = {}
  const original = client.sendCommand.bind(client)
  client.sendCommand = ((args: readonly string[], ...rest: unknown[]) => {
    const name = String(args[0]).toLowerCase()
    sent[name] = (sent[name] ?? 0) + 1
    return (original as (...a: unknown[]) => unknown)(args, ...rest)
  }) as typeof client.sendCommand
  const commandstats = async () => {
    const text = String(await admin.sendCommand(['INFO', 'commandstats']))
    const out: Record<string, number> = {}
    for (const m of text.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) out[m[1] as string] = Number(m[2])
    return out
  }
  return {
    client,
    async measure(op, iterations) {
      const total: Counts = { sent: {}, server: {} }
      for (let i = 0; i < iterations; i++) {
        if (op.before) await op.before()
        sent = {}
        const s0 = await commandstats()
        await op.run()
        const s1 = await commandstats()
        for (const [k, v] of Object.entries(sent)) total.sent[k] = (total.sent[k] ?? 0) + v
        for (const [k, v] of Object.entries(s1)) {
          // The admin connection's own INFO is not the library's.
          const d = v - (s0[k] ?? 0) - (k === 'info' ? 1 : 0)
          if (d) total.server[k] = (total.server[k] ?? 0) + d
        }
      }
      return total
    },
    close: async () => {
      await Promise.all([client.close(), admin.close()])
    },
  }
}
