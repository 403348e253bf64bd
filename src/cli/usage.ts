import { parseArgs } from 'node:util'
import type { Command } from './command.js'

/** Bad usage (unknown command or flag, missing or extra argument): exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError'
}

/** `--help` of one command. */
export function commandHelp(c: Command): string {
  const flags = Object.entries(c.flags ?? {}).map(
    ([name, f]) => `  --${`${name}${f.type === 'string' ? ' <value>' : ''}`.padEnd(18)} ${f.help}`,
  )
  return [
    `usage: jwt-sessions ${c.usage}`,
    '',
    c.summary,
    '',
    'options:',
    ...flags,
    `  ${'--help, -h'.padEnd(20)} this help`,
  ].join('\n')
}

/** The parsed command line of one command. */
export interface Parsed {
  args: string[]
  flags: Record<string, string | boolean | undefined>
  help: boolean
}

/**
 * Parses a command's arguments strictly. Node's own parseArgs errors (`ERR_PARSE_ARGS_UNKNOWN_OPTION`...)
 * become a `UsageError` with a message that names the command and points at its `--help`.
 */
export function parseCommand(c: Command, argv: string[]): Parsed {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = {
    help: { type: 'boolean', short: 'h' },
  }
  for (const [name, f] of Object.entries(c.flags ?? {})) options[name] = { type: f.type }
  let parsed: { values: Record<string, unknown>; positionals: string[] }
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true })
  } catch (err) {
    const msg = err instanceof Error ? err.message.replace(/\. To specify a positional argument.*$/s, '') : String(err)
    throw new UsageError(`${c.name}: ${msg.charAt(0).toLowerCase()}${msg.slice(1)}`)
  }
  const { help, ...flags } = parsed.values as Record<string, string | boolean | undefined>
  if (help) return { args: [], flags: {}, help: true }
  const n = parsed.positionals.length
  if (n < c.positionals.min) throw new UsageError(`${c.name}: missing ${c.positionals.names}`)
  if (n > c.positionals.max) {
    throw new UsageError(`${c.name}: unexpected argument "${parsed.positionals[c.positionals.max]}"`)
  }
  return { args: parsed.positionals, flags, help: false }
}
