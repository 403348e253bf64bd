/**
 * The one narrow port through which jwt-sessions talks to Redis, whatever the client. A shim per
 * client (node-redis single/cluster/sentinel, ioredis single/cluster, in `shims/`) implements it;
 * flavour detection lives only in `shims.ts`. Any other client (Redis over REST, a proxy, a test
 * double over a real server) needs only a small object of this shape: `redisStore({ port })`.
 */

/** A Redis reply, RESP2-shaped: bulk and simple strings as strings, integers as numbers, nil as null, arrays nested. */
export type RedisReply = string | number | null | RedisReply[]

/**
 * What the Redis store needs from a client.
 * @example
 * const port: RedisPort = {
 *   send: async (args) => (await myClient.command(args)) as RedisReply,
 *   masters: async () => [port],
 *   close: async () => {},
 * }
 * redisStore({ port })
 */
export interface RedisPort {
  /**
   * Sends one command (`['EVALSHA', sha, '1', key, ...args]`, `['HMGET', ...]`, `['TIME']`...).
   * `key` (the first key, when the command has one) routes it on a cluster; `WAIT` comes with the key
   * of the write it follows and must reach that key's master. Resolves to the reply; rejects on error
   * replies with the server's message (it must start with the error code, like `NOSCRIPT ...`, which
   * the store relies on to fall back to `EVAL`); never queues while disconnected. Strings, not Buffers.
   */
  send(args: readonly string[], key?: string): Promise<RedisReply>
  /**
   * For admin operations that must visit every master (SCAN for `stats()`): one port per master, or
   * just this one on a single node or Sentinel.
   */
  masters(): Promise<RedisPort[]>
  /** Quits connections the library opened; a no-op for a caller's client or port (never closed by us). */
  close(): Promise<void>
}
