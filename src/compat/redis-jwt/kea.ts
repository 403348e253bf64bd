/**
 * Session expiry events from Redis keyspace notifications (the seed's `KEA` option).
 *
 * The seed ran `redis-cli config set notify-keyspace-events KEA` through a shell, replacing whatever
 * the server had and turning on every event class. Here we read the current flags and only add what
 * is missing (`E` keyevent channel, `g` generic for `del`, `x` expired): a shared Redis keeps the
 * settings other applications rely on. Where `CONFIG` is disabled (most managed Redis), set
 * `notify-keyspace-events` to include `Egx` in the provider's console; the error is reported on
 * `on('error')` and everything else keeps working.
 *
 * A user's sessions live in one hash, so an `expired` event means the user's last session ended;
 * with `multiple: false` (one session per user, the default) that is exactly that session.
 */
/** Adds `E`, `g`, `x` to the server's `notify-keyspace-events` when missing; never removes a flag. */
export async function enableKeyspaceEvents(send: (args: string[]) => Promise<unknown>): Promise<string> {
  const reply = flat(await send(['CONFIG', 'GET', 'notify-keyspace-events']))
  if (!Array.isArray(reply) || reply[0] !== 'notify-keyspace-events')
    throw new Error('CONFIG GET notify-keyspace-events gave no answer')
  const flags = String(reply[1] ?? '')
  const covered = (c: string) => flags.includes(c) || (c !== 'E' && flags.includes('A'))
  const missing = ['E', 'g', 'x'].filter((c) => !covered(c))
  if (missing.length === 0) return flags
  const next = flags + missing.join('')
  await send(['CONFIG', 'SET', 'notify-keyspace-events', next])
  return next
}

/** A session event: the user whose last session ended, and the Redis key that held it. */
export interface KeaEvent {
  userId: string
  key: string
}

interface Subscriber {
  connect(): Promise<unknown>
  subscribe(channels: string[], listener: (message: string, channel: string) => void): Promise<unknown>
  destroy?(): void
  close?(): Promise<unknown>
  on(event: string, fn: (...a: unknown[]) => void): unknown
}

/**
 * Subscribes a dedicated connection (a subscribed connection can run nothing else) to the
 * `expired` and `del` keyevent channels of `db`, and reports keys under `prefix` only.
 */
export async function subscribeSessionEvents(
  sub: Subscriber,
  db: number,
  prefix: string,
  emit: (event: 'expired' | 'del', e: KeaEvent) => void,
): Promise<void> {
  const head = `${prefix}u:{`
  await sub.connect()
  await sub.subscribe([`__keyevent@${db}__:expired`, `__keyevent@${db}__:del`], (key, channel) => {
    if (!key.startsWith(head) || !key.endsWith('}')) return
    const userId = Buffer.from(key.slice(head.length, -1), 'base64url').toString('utf8')
    emit(channel.endsWith(':expired') ? 'expired' : 'del', { userId, key })
  })
}

/**
 * A reply as redis-fast-driver gave it: node-redis answers some commands (CONFIG GET, HGETALL) with a
 * map object; the seed's callers expect the flat `[field, value, ...]` array.
 */
export function flat(reply: unknown): unknown {
  if (Buffer.isBuffer(reply)) return reply.toString('utf8')
  if (Array.isArray(reply)) return reply.map(flat)
  if (reply instanceof Map) return [...reply.entries()].flatMap(([k, v]) => [flat(k), flat(v)])
  if (reply !== null && typeof reply === 'object') return Object.entries(reply).flatMap(([k, v]) => [k, flat(v)])
  return reply
}
