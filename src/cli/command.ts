import type { Sessions } from '../sessions/types.js'

/** What a command gets: its positional arguments, flags, a way to reach the engine, and output. */
export interface CommandContext {
  args: string[]
  flags: Record<string, string | boolean | undefined>
  /** Builds the engine from the environment (JWT_SECRET, REDIS_URL, ...) on first use. */
  sessions(): Sessions
  out(line: string): void
}

export interface Command {
  name: string
  usage: string
  summary: string
  run(ctx: CommandContext): Promise<number>
}
