import type { RedisReply } from '../port.js'

/** Options of the shims. */
export interface PortOptions {
  /**
   * A command not yet written to a socket this many ms after it was sent is dropped, never sent
   * later: a caller already told STORE_UNAVAILABLE must not see the write happen after all (a
   * cluster or Sentinel client otherwise holds commands while it looks for the new master).
   */
  deadlineMs?: number
}

/** Runs `fn` with an abort signal that fires after `deadlineMs` (none without one). */
export async function withDeadline<T>(
  opts: PortOptions,
  fn: (options: { abortSignal: AbortSignal } | undefined) => Promise<T>,
): Promise<T> {
  if (!opts.deadlineMs) return fn(undefined)
  // An AbortController with a cleared timer, not AbortSignal.timeout (about 25 µs a call here).
  const ac = new AbortController()
  const timer = setTimeout(() => ac.abort(), opts.deadlineMs)
  try {
    return await fn({ abortSignal: ac.signal })
  } finally {
    clearTimeout(timer)
  }
}

// ioredis hands back Buffers only when asked; node-redis may return numbers as strings in RESP3
// maps, which we never use. Normalise to the small reply union the port promises.
export function normalise(reply: unknown): RedisReply {
  if (typeof reply === 'string' || typeof reply === 'number' || reply === null) return reply
  if (reply === undefined) return null
  if (typeof reply === 'bigint') return Number(reply)
  if (Buffer.isBuffer(reply)) return reply.toString('utf8')
  if (Array.isArray(reply)) return reply.map(normalise)
  // node-redis 6 answers some commands (CONFIG GET, HGETALL under RESP3) with maps or
  // null-prototype objects even through sendCommand: flatten them to the RESP2 shape.
  if (reply instanceof Map) return [...reply.entries()].flatMap(([k, v]) => [normalise(k), normalise(v)])
  if (typeof reply === 'object')
    return Object.entries(reply as Record<string, unknown>).flatMap(([k, v]) => [k, normalise(v)])
  return String(reply)
}

/**
 * Errors that prove a command never ran, so sending it again elsewhere cannot apply it twice:
 * refusals by a server that is not (or not yet) the master, and client-side refusals before writing.
 * node-redis's error classes leave `name` as 'Error', so their class name counts too.
 */
export function neverRan(err: unknown): boolean {
  if (!(err instanceof Error)) return false
  if (/^(READONLY|LOADING|MASTERDOWN|TRYAGAIN|CLUSTERDOWN|MOVED|ASK) /.test(err.message)) return true
  const refusals = ['ClientOfflineError', 'ClientClosedError', 'AbortError']
  return refusals.includes(err.name) || refusals.includes(err.constructor.name)
}

// CRC16/XMODEM, the Redis Cluster key-slot hash (only ioredis WAIT routing needs it).
export function keySlot(key: string): number {
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
