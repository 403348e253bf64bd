import { ConfigError } from '../../errors/index.js'
import type { RedisPort } from './port.js'

/**
 * A caller's {@link RedisPort} (`redisStore({ port })`), checked once: `send` is required, `masters`
 * defaults to the port itself (a single node), and `close` is never called (the caller owns it).
 * @example userPort({ send: async (args) => myRest.command(args) })
 */
export function userPort(p: unknown): RedisPort {
  if (p === null || typeof p !== 'object' || typeof (p as { send?: unknown }).send !== 'function') {
    throw new ConfigError(
      'port must be an object implementing RedisPort: send(args, key?) (masters() and close() optional); for a TCP port give socket: { port }',
    )
  }
  const given = p as { send: RedisPort['send']; masters?: unknown }
  if (given.masters !== undefined && typeof given.masters !== 'function')
    throw new ConfigError('port.masters must be a function returning the ports of every master')
  const port: RedisPort = {
    send: (args, key) => given.send(args, key),
    masters: typeof given.masters === 'function' ? () => (given.masters as RedisPort['masters'])() : async () => [port],
    close: async () => undefined,
  }
  return port
}
