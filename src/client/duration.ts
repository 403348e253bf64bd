/**
 * A duration parser for the browser client. Deliberately a copy of the idea in
 * `src/config/duration.ts`, not an import: the client must not pull in Node-side modules.
 */

import { ClientConfigError } from './config-error.js'

const UNITS: Record<string, number> = { ms: 1, s: 1e3, m: 6e4, h: 36e5, d: 864e5 }

/**
 * Turns `'500ms'`, `'30s'`, `'15m'`, `'2h'`, `'7d'` or a number of milliseconds into milliseconds.
 * Throws a `TypeError` (code `CONFIG_INVALID`) naming the option for anything else (negative, NaN, unknown unit).
 *
 * @example
 * ```ts
 * toMs('15m', 'refreshThreshold') // 900000
 * toMs(250, 'retryDelay')         // 250
 * ```
 */
export function toMs(value: string | number, option: string): number {
  const m = typeof value === 'string' ? /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)$/.exec(value.trim()) : null
  const ms = typeof value === 'number' ? value : m ? Number(m[1]) * (UNITS[m[2] as string] as number) : NaN
  if (!(ms >= 0) || !Number.isFinite(ms)) {
    throw new ClientConfigError(`"${option}" option must be a duration like '15m' or milliseconds`)
  }
  return ms
}
