import { parseArgs } from 'node:util'
import { sessionsFromEnv } from '../config/env.js'
import { JwtSessionsError } from '../errors/index.js'
import type { Sessions } from '../sessions/types.js'
import type { Command } from './command.js'
import { decode } from './commands/decode.js'
import { keygen } from './commands/keygen.js'
import { secret } from './commands/secret.js'
import { health, list, revoke, revokeAll, stats, verify } from './commands/sessions.js'

const COMMANDS: Command[] = [secret, keygen, decode, verify, list, revoke, revokeAll, stats, health]

function help(): string {
  const rows = COMMANDS.map((c) => `  ${c.usage.padEnd(52)} ${c.summary}`)
  return ['usage: jwt-sessions <command> [options]', '', ...rows, '', 'Configuration comes from the environment: JWT_SECRET, REDIS_URL (or REDIS_HOST/PORT/PASSWORD/DB), REDIS_KEY_PREFIX, ...', 'Exit codes: 0 ok, 1 failed (printed as code: message), 2 usage error.'].join('\n')
}

/**
 * Runs the CLI. Exit codes are deliberate: 0 ok, 1 the operation failed, 2 bad usage.
 * Errors print as `code: message`, never a stack trace.
 */
export async function runCli(argv: string[], out: (line: string) => void = console.log, env = process.env): Promise<number> {
  const [name, ...rest] = argv
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    out(help())
    return name ? 0 : 2
  }
  const command = COMMANDS.find((c) => c.name === name)
  if (!command) {
    out(`CONFIG_INVALID: unknown command "${name}"\n\n${help()}`)
    return 2
  }
  let engine: Sessions | undefined
  try {
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: { bytes: { type: 'string' }, alg: { type: 'string' }, kid: { type: 'string' }, except: { type: 'string' } },
    })
    return await command.run({
      args: positionals,
      flags: values,
      sessions: () => (engine ??= sessionsFromEnv({}, env)),
      out,
    })
  } catch (err) {
    if (err instanceof JwtSessionsError) out(`${err.code}: ${err.message}`)
    else out(`ERROR: ${err instanceof Error ? err.message : String(err)}`)
    return err instanceof JwtSessionsError && err.code === 'CONFIG_INVALID' ? 2 : 1
  } finally {
    await engine?.close().catch(() => undefined)
  }
}
