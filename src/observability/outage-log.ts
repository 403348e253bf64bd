/**
 * Outage lines of a store or rate limiter. Their own `logger` option, when given, keeps receiving
 * the plain string it always did; otherwise the line goes to the logger of the engine the store is
 * attached to (structured, with an `event`), otherwise to console as before.
 */
import { consoleSink } from './logger.js'
import { attachedTo } from './registry.js'

/** What store and limiter code calls: the message as written today plus a stable event name. */
export interface OutageLog {
  warn(message: string, event: string, fields?: Record<string, unknown>): void
}

/** Builds the outage log of a part; `owner` returns the store it belongs to (looked up per line). */
export function outageLog(own: { warn(message: string): void } | undefined, owner: () => unknown): OutageLog {
  return {
    warn(message, event, fields) {
      if (own !== undefined) return own.warn(message)
      const text = message.startsWith('jwt-sessions: ') ? message.slice(14) : message
      ;(attachedTo(owner())?.sink ?? consoleSink).log('warn', event, text, fields)
    },
  }
}
