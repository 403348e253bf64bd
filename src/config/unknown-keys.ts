/**
 * The one check every options object runs at construction: a key it does not know is a ConfigError
 * naming the key and the closest valid one, so a typo (`keyprefix`, `refreshThreshhold`) never
 * silently falls back to a default.
 */
import { ConfigError } from '../errors/index.js'

/** Edit distance (insert, delete, substitute), case-insensitive. */
function distance(a: string, b: string): number {
  const x = a.toLowerCase()
  const y = b.toLowerCase()
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j)
  for (let i = 1; i <= x.length; i++) {
    const row = [i]
    for (let j = 1; j <= y.length; j++) {
      row[j] = Math.min(
        (prev[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (prev[j - 1] as number) + (x[i - 1] === y[j - 1] ? 0 : 1),
      )
    }
    prev = row
  }
  return prev[y.length] as number
}

/** The allowed name nearest to `key`. */
export function closestKey(key: string, allowed: readonly string[]): string | undefined {
  let best: string | undefined
  let bestD = Infinity
  for (const a of allowed) {
    const d = distance(key, a)
    if (d < bestD) [best, bestD] = [a, d]
  }
  return best
}

/**
 * Throws ConfigError for the first own key of `obj` that is not in `allowed`.
 * @example rejectUnknownKeys({ keyprefix: 'x:' }, ['url', 'keyPrefix'], 'redisStore')
 * // ConfigError: redisStore: unknown option "keyprefix" (did you mean "keyPrefix"?)
 */
export function rejectUnknownKeys(obj: object, allowed: readonly string[], where: string): void {
  for (const key of Object.keys(obj)) {
    if (allowed.includes(key)) continue
    const near = closestKey(key, allowed)
    throw new ConfigError(`${where}: unknown option "${key}"${near === undefined ? '' : ` (did you mean "${near}"?)`}`)
  }
}
