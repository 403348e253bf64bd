import { createClient } from 'redis'

/** Keys under this prefix are test keys: `uniquePrefix()` and every fixed test prefix start with it. */
export const TEST_KEY_PREFIX = 'test:'

/** Test keys per database number, in every database of the server at `url` (SCAN, never KEYS). */
export async function testKeysByDb(url: string): Promise<Map<number, Set<string>>> {
  const c = createClient({ url })
  c.on('error', () => undefined)
  await c.connect()
  try {
    let databases = 16
    try {
      const reply = (await c.sendCommand(['CONFIG', 'GET', 'databases'])) as unknown
      const flat = Array.isArray(reply) ? reply : reply && typeof reply === 'object' ? Object.entries(reply).flat() : []
      const n = Number(flat[1])
      if (Number.isInteger(n) && n > 0) databases = n
    } catch {
      // CONFIG may be renamed or forbidden on a managed server: assume the default 16.
    }
    const out = new Map<number, Set<string>>()
    for (let db = 0; db < databases; db++) {
      await c.sendCommand(['SELECT', String(db)])
      const keys = new Set<string>()
      let cursor = '0'
      do {
        const [next, batch] = (await c.sendCommand([
          'SCAN',
          cursor,
          'MATCH',
          `${TEST_KEY_PREFIX}*`,
          'COUNT',
          '1000',
        ])) as [string, string[]]
        cursor = String(next)
        for (const k of batch) keys.add(String(k))
      } while (cursor !== '0')
      if (keys.size > 0) out.set(db, keys)
    }
    return out
  } finally {
    c.destroy()
  }
}

/**
 * The test keys present now that were not in `before`, as `db N: key` lines (at most 20, then a
 * count), or an empty list.
 */
export function newKeys(before: Map<number, Set<string>>, after: Map<number, Set<string>>): string[] {
  const lines: string[] = []
  for (const [db, keys] of after) for (const k of keys) if (!before.get(db)?.has(k)) lines.push(`db ${db}: ${k}`)
  return lines.length > 20 ? [...lines.slice(0, 20), `... and ${lines.length - 20} more`] : lines
}
