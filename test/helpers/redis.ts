import { randomBytes } from 'node:crypto'
import { createClient } from 'redis'
import { inject } from 'vitest'

declare module 'vitest' {
  export interface ProvidedContext {
    redisUrl: string
  }
}

/** The Redis URL global setup found or started. */
export function redisUrl(): string {
  return inject('redisUrl') ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'
}

/** A key prefix no other test uses. */
export function uniquePrefix(name = 't'): string {
  return `test:${name}:${randomBytes(4).toString('hex')}:`
}

/** A plain node-redis client for assertions (MEMORY USAGE, TTL, SCAN). Close it after use. */
export async function rawClient(url = redisUrl()) {
  const c = createClient({ url })
  c.on('error', () => undefined)
  await c.connect()
  return c
}

/** Every key under a prefix (SCAN; tests only). */
export async function keysUnder(client: Awaited<ReturnType<typeof rawClient>>, prefix: string): Promise<string[]> {
  const out: string[] = []
  let cursor = '0'
  do {
    const r = (await client.sendCommand([
      'SCAN',
      cursor,
      'MATCH',
      `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`,
      'COUNT',
      '1000',
    ])) as [string, string[]]
    cursor = r[0]
    out.push(...r[1])
  } while (cursor !== '0')
  return out
}

/** Deletes only this test's keys. */
export async function cleanupPrefix(prefix: string, url = redisUrl()): Promise<void> {
  const c = await rawClient(url)
  try {
    const keys = await keysUnder(c, prefix)
    for (let i = 0; i < keys.length; i += 500) await c.sendCommand(['DEL', ...keys.slice(i, i + 500)])
  } finally {
    await c.close()
  }
}
