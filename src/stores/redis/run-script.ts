import type { LuaScript } from './scripts.generated.js'
import type { RedisPort, RedisReply } from './port.js'

/**
 * EVALSHA first; EVAL only when the server answers NOSCRIPT (after a restart, a failover or
 * SCRIPT FLUSH). EVAL caches the script again, so the next call is EVALSHA once more.
 * Not an async function: on the hot path every extra promise layer shows.
 */
export function runScript(
  port: RedisPort,
  script: LuaScript,
  key: string,
  args: readonly string[],
): Promise<RedisReply> {
  return port.send(['EVALSHA', script.sha, '1', key, ...args], key).catch((err: unknown) => {
    if (!(err instanceof Error) || !err.message.startsWith('NOSCRIPT')) throw err
    return port.send(['EVAL', script.source, '1', key, ...args], key)
  })
}
