import { ConfigError } from '../errors/index.js'

const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
}

const DURATION = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)$/

/** A duration: milliseconds as a number, or a string like `"30s"`, `"15m"`, `"2h"`, `"7d"`. */
export type Duration = number | string

/**
 * Parses a duration into milliseconds. Numbers are milliseconds. Throws ConfigError naming `name`.
 * @example parseDuration('15m', 'accessTokenTtl') // 900000
 */
export function parseDuration(value: unknown, name: string, opts: { allowZero?: boolean } = {}): number {
  let ms: number | undefined
  if (typeof value === 'number') ms = value
  else if (typeof value === 'string') {
    const m = DURATION.exec(value.trim())
    if (m) ms = Number(m[1]) * (UNIT_MS[m[2] as string] as number)
    else if (/^\d+$/.test(value.trim())) ms = Number(value.trim())
  }
  if (ms === undefined || !Number.isFinite(ms) || ms < 0 || (ms === 0 && !opts.allowZero)) {
    throw new ConfigError(`${name} must be a duration like "15m" or a positive number of milliseconds`)
  }
  return Math.floor(ms)
}
