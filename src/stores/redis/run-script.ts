import type { LuaScript } from './scripts.generated.js'
import type { RedisPort, RedisReply } from './port.js'

/**
 * EVALSHA first; EVAL only when the server answers NOSCRIPT (after a restart, a failover or
 * SCRIPT FLUSH). EVAL caches the script again, so the next call is EVALSHA once more.
 */
export async function runScript(port: RedisPort, script: LuaScript, key: string, args: readonly (string | number)[]): Promise<RedisReply> {
  const rest = args.map(String)
  try {
    return await port.send(['EVALSHA', script.sha, '1', key, ...rest], key)
  } catch (err) {
    if (!(err instanceof Error) || !err.message.startsWith('NOSCRIPT')) throw err
    return port.send(['EVAL', script.source, '1', key, ...rest], key)
  }
}
