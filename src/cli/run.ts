import { JwtSessionsError } from '../errors/index.js'
import type { Sessions } from '../sessions/types.js'
import type { Command } from './command.js'
import { decode } from './commands/decode.js'
import { keygen } from './commands/keygen.js'
import { secret } from './commands/secret.js'
import { health, list, revoke, revokeAll, stats, verify } from './commands/sessions.js'
import { commandHelp, parseCommand, UsageError } from './usage.js'
import { packageVersion } from './version.js'

const COMMANDS: Command[] = [secret, keygen, decode, verify, list, revoke, revokeAll, stats, health]

/** How long the CLI waits for the engine to close before it gives up on it (it still exits). */
const CLOSE_TIMEOUT_MS = 2000

function help(): string {
  const rows = COMMANDS.map((c) => `  ${c.usage.padEnd(52)} ${c.summary}`)
  return [
    'usage: jwt-sessions <command> [options]',
    '',
    ...rows,
    '',
    '  jwt-sessions <command> --help     options of one command',
    '  jwt-sessions --version            the installed version',
    '',
    'Configuration comes from the environment: JWT_SECRET, REDIS_URL (or REDIS_HOST/PORT/PASSWORD/DB), REDIS_KEY_PREFIX, ...',
    'Exit codes: 0 ok, 1 failed (printed on stderr as code: message), 2 usage error.',
  ].join('\n')
}

/** Where the CLI writes: results on `out` (stdout), diagnostics on `err` (stderr). */
export interface CliIo {
  out(text: string): void
  err(text: string): void
}

const consoleIo: CliIo = { out: (t) => console.log(t), err: (t) => console.error(t) }

/** Closes the engine, but never waits on it forever: a CLI must exit whatever Redis does. */
async function closeBounded(engine: Sessions): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, CLOSE_TIMEOUT_MS)
    timer.unref()
  })
  await Promise.race([engine.close().catch(() => undefined), timeout])
  clearTimeout(timer)
}

/**
 * Runs the CLI. Exit codes are deliberate: 0 ok, 1 the operation failed, 2 bad usage. Results go to
 * stdout (one JSON document or one line); every error goes to stderr as `code: message`, never a stack.
 */
export async function runCli(argv: string[], io: CliIo = consoleIo, env = process.env): Promise<number> {
  const [name, ...rest] = argv
  if (name === '--version' || name === '-V') {
    io.out(packageVersion())
    return 0
  }
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    if (name) io.out(help())
    else io.err(help())
    return name ? 0 : 2
  }
  const command = COMMANDS.find((c) => c.name === name)
  if (!command) {
    io.err(`usage: unknown command "${name}"\n\n${help()}`)
    return 2
  }
  let engine: Sessions | undefined
  try {
    const parsed = parseCommand(command, rest)
    if (parsed.help) {
      io.out(commandHelp(command))
      return 0
    }
    // Loaded on demand: `secret`, `keygen`, `decode` and `--help` start without the Redis client.
    const fromEnv = command.usesEngine ? (await import('../config/env.js')).sessionsFromEnv : undefined
    return await command.run({
      args: parsed.args,
      flags: parsed.flags,
      sessions: () => {
        if (!fromEnv) throw new Error(`${command.name} does not use the store`)
        return (engine ??= fromEnv({}, env))
      },
      out: io.out,
      err: io.err,
    })
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`usage: ${err.message}\n${commandHelp(command).split('\n')[0]} (see --help)`)
      return 2
    }
    if (err instanceof JwtSessionsError) io.err(`${err.code}: ${err.message}`)
    else io.err(`ERROR: ${err instanceof Error ? err.message : String(err)}`)
    return err instanceof JwtSessionsError && err.code === 'CONFIG_INVALID' ? 2 : 1
  } finally {
    if (engine) await closeBounded(engine)
  }
}
