/**
 * Says in a few words what went wrong with Redis, for STORE_UNAVAILABLE messages and outage log
 * lines. Built from error codes and names, never from the client's message text, so no URL,
 * password or key can leak into a message sent to a client or a log.
 */

const BY_CODE: Record<string, string> = {
  ECONNREFUSED: 'Redis refused the connection',
  ETIMEDOUT: 'connecting to Redis timed out',
  ENOTFOUND: 'the Redis host name does not resolve',
  EAI_AGAIN: 'the Redis host name does not resolve',
  EHOSTUNREACH: 'the Redis host is unreachable',
  ENETUNREACH: 'the Redis host is unreachable',
  ECONNRESET: 'the connection to Redis was reset',
  EPIPE: 'the connection to Redis was lost',
}

// node-redis's error classes leave `name` as 'Error': known by class name or by their fixed texts.
const BY_NAME: Record<string, string> = {
  ConnectionTimeoutError: 'connecting to Redis timed out',
  SocketClosedUnexpectedlyError: 'the connection to Redis was lost',
  ClientOfflineError: 'the connection to Redis is down (reconnecting)',
  ClientClosedError: 'the Redis connection is closed',
  DisconnectsClientError: 'the Redis connection is closed',
  RootNodesUnavailableError: 'no Redis Cluster root node answers',
  AbortError: 'Redis did not take the call in time',
}
const BY_TEXT: Record<string, string> = {
  'Connection timeout': 'connecting to Redis timed out',
  'Socket closed unexpectedly': 'the connection to Redis was lost',
  'The client is offline': 'the connection to Redis is down (reconnecting)',
  'The client is closed': 'the Redis connection is closed',
  'Disconnects client': 'the Redis connection is closed',
  'All the root nodes are unavailable': 'no Redis Cluster root node answers',
  'The command was aborted': 'Redis did not take the call in time',
}

// Error replies start with a code word; these say what the server is doing.
const BY_REPLY: Array<[RegExp, string]> = [
  [/^(NOAUTH|WRONGPASS)\b/, 'Redis refused the credentials (auth failed)'],
  [/^NOPERM\b/, 'the Redis user lacks a permission'],
  [/^(READONLY|MASTERDOWN|TRYAGAIN|CLUSTERDOWN)\b/, 'Redis is failing over (no writable master yet)'],
  [/^LOADING\b/, 'Redis is loading its data set'],
  [/^(MOVED|ASK)\b/, 'the Redis Cluster slot map is changing'],
  [/^OOM\b/, 'Redis is out of memory'],
  [/^BUSY\b/, 'Redis is busy running a script'],
  [/^DEADLINE\b/, 'Redis read the call only after its deadline (nothing was written)'],
]

/**
 * A short, secret-free description of `err`.
 * @example describeRedisError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })) // 'Redis refused the connection'
 */
export function describeRedisError(err: unknown, depth = 0): string {
  if (typeof err === 'string') return replyText(err) ?? 'Redis reported an error'
  if (err === null || typeof err !== 'object') return 'Redis reported an error'
  const e = err as { code?: unknown; name?: unknown; message?: unknown; cause?: unknown; errors?: unknown }
  if (typeof e.code === 'string' && BY_CODE[e.code]) return BY_CODE[e.code] as string
  // AggregateError (a host with several addresses): the first one says enough.
  if (Array.isArray(e.errors) && e.errors.length > 0 && depth < 3) return describeRedisError(e.errors[0], depth + 1)
  if (typeof e.message === 'string') {
    const reply = replyText(e.message)
    if (reply) return reply
  }
  const name =
    typeof e.name === 'string' && BY_NAME[e.name]
      ? e.name
      : (err as { constructor?: { name?: unknown } }).constructor?.name
  if (typeof name === 'string' && BY_NAME[name]) return BY_NAME[name] as string
  if (e.cause !== undefined && depth < 3) return describeRedisError(e.cause, depth + 1)
  return 'Redis reported an error'
}

function replyText(message: string): string | undefined {
  // Sentinel and cluster wrappers prefix the node ("Master Client (h:p): ..."): look past them.
  const text = message.replace(/^.*?\):\s*/, '')
  for (const [re, what] of BY_REPLY) if (re.test(text) || re.test(message)) return what
  for (const code of Object.keys(BY_CODE)) if (message.includes(code)) return BY_CODE[code]
  return BY_TEXT[text]
}
