/**
 * The one narrow port through which jwt-sessions talks to Redis, whatever the client. A shim per
 * client (node-redis single/cluster/sentinel, ioredis single/cluster) implements it; flavour
 * detection lives only in `shims.ts`.
 */
export type RedisReply = string | number | null | RedisReply[]

export interface RedisPort {
  /**
   * Sends one command. `key` (the first key, when the command has one) routes it on a cluster.
   * Rejects on error replies with the server's message; never queues while disconnected.
   */
  send(args: readonly string[], key?: string): Promise<RedisReply>
  /**
   * For admin operations that must visit every master (SCAN): one port per master, or just this
   * one on a single node or Sentinel.
   */
  masters(): Promise<RedisPort[]>
  /** Quits connections the library opened; a no-op for a caller's client. */
  close(): Promise<void>
}
