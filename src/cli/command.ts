import type { Sessions } from '../sessions/types.js'

/** A flag a command accepts: `--name value` (string) or `--name` (boolean). */
export interface FlagSpec {
  type: 'string' | 'boolean'
  /** One line for `--help`, e.g. `'bytes of randomness (32 to 1024, default 32)'`. */
  help: string
}

/** What a command gets: its positional arguments, flags, a way to reach the engine, and output. */
export interface CommandContext {
  args: string[]
  flags: Record<string, string | boolean | undefined>
  /** Builds the engine from the environment (JWT_SECRET, REDIS_URL, ...) on first use. */
  sessions(): Sessions
  /** Prints a result on stdout (one JSON document, or one line). */
  out(text: string): void
  /** Prints a diagnostic on stderr, so `X=$(jwt-sessions ...)` never captures it. */
  err(text: string): void
}

/** One CLI command. `run` resolves to the exit code: 0 ok, 1 the operation failed, 2 bad usage. */
export interface Command {
  name: string
  /** The synopsis, e.g. `'list <userId>'`. */
  usage: string
  summary: string
  flags?: Record<string, FlagSpec>
  /** True when it talks to the store: only then is the engine (and the Redis client) loaded. */
  usesEngine?: boolean
  /** How many positional arguments it takes (both inclusive). */
  positionals: { min: number; max: number; names: string }
  run(ctx: CommandContext): Promise<number>
}
