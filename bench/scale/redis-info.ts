import { createClient } from 'redis'

export type Admin = ReturnType<typeof createClient<{}, {}, {}, 3, {}>>

export async function admin(url: string): Promise<Admin> {
  const c = createClient({ url }) as Admin
  await c.connect()
  return c
}

/** One `INFO` section as numbers where they parse. */
export async function info(c: Admin, section: string): Promise<Record<string, string>> {
  const text = String(await c.sendCommand(['INFO', section]))
  const out: Record<string, string> = {}
  for (const line of text.split('\r\n')) {
    const i = line.indexOf(':')
    if (i > 0) out[line.slice(0, i)] = line.slice(i + 1)
  }
  return out
}

export async function usedMemory(c: Admin): Promise<{ used: number; rss: number; dataset: number }> {
  const m = await info(c, 'memory')
  return {
    used: Number(m['used_memory']),
    rss: Number(m['used_memory_rss']),
    dataset: Number(m['used_memory_dataset']),
  }
}

export async function dbsize(c: Admin): Promise<number> {
  return Number(await c.sendCommand(['DBSIZE']))
}

/** `keys` and `expires` of db0: equal when every key has a TTL. */
export async function keyspace(c: Admin): Promise<{ keys: number; expires: number }> {
  const k = await info(c, 'keyspace')
  const m = /keys=(\d+),expires=(\d+)/.exec(k['db0'] ?? '')
  return { keys: Number(m?.[1] ?? 0), expires: Number(m?.[2] ?? 0) }
}

/**
 * Sum of `MEMORY USAGE <key> SAMPLES 0` (exact, every field) over every key matching `pattern`,
 * found with SCAN. Only for the bench's own server: nothing else lives there.
 */
export async function memoryUsageSum(c: Admin, pattern: string): Promise<{ keys: number; bytes: number }> {
  let cursor = '0'
  let keys = 0
  let bytes = 0
  do {
    const [next, batch] = (await c.sendCommand(['SCAN', cursor, 'MATCH', pattern, 'COUNT', '1000'])) as [
      string,
      string[],
    ]
    cursor = next
    const sizes = await Promise.all(batch.map((k) => c.sendCommand(['MEMORY', 'USAGE', k, 'SAMPLES', '0'])))
    keys += batch.length
    for (const s of sizes) bytes += Number(s ?? 0)
  } while (cursor !== '0')
  return { keys, bytes }
}
