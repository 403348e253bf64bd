/**
 * The `logger` option: every line jwt-sessions writes goes through one {@link LogSink}. A logger
 * given by the app receives pino-style calls, `logger.warn({ event, ...fields }, message)` (console
 * prints both arguments). Without one, lines go to `console` exactly as before this option existed,
 * and the audit-only events (which never went to console) are dropped.
 */
import { ConfigError } from '../errors/index.js'

/** Log levels, lowest first. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error'

/** The structured first argument of every call: a stable `event` name plus fields. */
export interface LogRecord {
  /** Stable event name, like `store.unavailable` (see docs/observability.md for the list). */
  event: string
  [field: string]: unknown
}

/**
 * A pino-style or console-style logger: `debug`, `info`, `warn` and `error`, each taking the
 * structured record first and a human-readable message second. `pino()` and `console` both fit.
 * @example createSessions({ store, secret, logger: pino() })
 */
export interface Logger {
  debug(record: LogRecord, message?: string): void
  info(record: LogRecord, message?: string): void
  warn(record: LogRecord, message?: string): void
  error(record: LogRecord, message?: string): void
}

/** Where the library's lines go. `fields` never hold tokens, secrets or refresh-token hashes. */
export interface LogSink {
  /** True when an app logger is attached (audit events are only written then). */
  readonly structured: boolean
  log(level: LogLevel, event: string, message: string, fields?: Record<string, unknown>): void
}

const LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error']

/** Validates the `logger` option once (ConfigError naming the missing method). */
export function checkLogger(logger: unknown, option = 'logger'): Logger | undefined {
  if (logger === undefined) return undefined
  if (logger === null || typeof logger !== 'object')
    throw new ConfigError(`${option} must be an object with debug, info, warn and error methods`)
  for (const level of LEVELS) {
    if (typeof (logger as Record<string, unknown>)[level] !== 'function') {
      throw new ConfigError(`${option} must have a ${level}(record, message) method (pino or console fit)`)
    }
  }
  return logger as Logger
}

/** A sink writing to the app's logger: the record first, `jwt-sessions: message` second. */
export function structuredSink(logger: Logger): LogSink {
  return {
    structured: true,
    log(level, event, message, fields) {
      try {
        logger[level]({ ...fields, event }, `jwt-sessions: ${message}`)
      } catch {
        // A broken logger must never break the operation that logged.
      }
    },
  }
}

/** Today's behaviour: operational lines as plain strings on console, audit events dropped. */
export const consoleSink: LogSink = Object.freeze({
  structured: false,
  log(level: LogLevel, _event: string, message: string, fields?: Record<string, unknown>) {
    if (fields?.['audit'] === true) return
    console[level](`jwt-sessions: ${message}`, ...(fields?.['err'] === undefined ? [] : [fields['err']]))
  },
})
