/**
 * Refusing unknown option keys. A typo (`cookie: true` for `cookies: true`) would otherwise be
 * ignored silently and leave a security feature off; the error names the key and the closest
 * valid one.
 */
import { ConfigError } from '../errors/index.js'

/**
 * Throws ConfigError for the first own key of `obj` that is not in `allowed`, naming it, where it
 * was given, and the closest allowed key when one is near enough to be a typo.
 *
 * @param where - how the error names the options object, e.g. `expressSessions options`
 * @example
 * ```ts
 * rejectUnknownKeys({ cookie: true }, ['cookies', 'csrf'], 'expressSessions options')
 * // ConfigError: unknown option "cookie" in expressSessions options (did you mean "cookies"?)
 * ```
 */
export function rejectUnknownKeys(obj: object, allowed: readonly string[], where: string): void {
  for (const key of Object.keys(obj)) {
    if (allowed.includes(key)) continue
    const near = closest(key, allowed)
    const hint = near === undefined ? `; valid options: ${allowed.join(', ')}` : ` (did you mean "${near}"?)`
    throw new ConfigError(`unknown option "${key}" in ${where}${hint}`)
  }
}

/**
 * The allowed key nearest to `key` by edit distance (case-insensitive), when the distance is at
 * most a third of the longer name (at least 2), or one that `key` is a prefix of; undefined
 * otherwise.
 *
 * @example
 * ```ts
 * closest('tokenForm', ['tokenFrom', 'cookies']) // 'tokenFrom'
 * ```
 */
export function closest(key: string, allowed: readonly string[]): string | undefined {
  let best: string | undefined
  let bestDistance = Number.POSITIVE_INFINITY
  for (const candidate of allowed) {
    const [k, c] = [key.toLowerCase(), candidate.toLowerCase()]
    // A truncated name (`header` for `headerName`) is as near as a one-letter typo.
    const d = k.length >= 3 && (c.startsWith(k) || k.startsWith(c)) ? 1 : editDistance(k, c)
    if (d < bestDistance) [best, bestDistance] = [candidate, d]
  }
  if (best === undefined) return undefined
  const tolerated = Math.max(2, Math.floor(Math.max(key.length, best.length) / 3))
  return bestDistance <= tolerated ? best : undefined
}

/** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
function editDistance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i])
  for (let j = 1; j <= b.length; j++) (rows[0] as number[])[j] = j
  for (let i = 1; i <= a.length; i++) {
    const row = rows[i] as number[]
    const up = rows[i - 1] as number[]
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let d = Math.min((up[j] as number) + 1, (row[j - 1] as number) + 1, (up[j - 1] as number) + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, (rows[i - 2] as number[])[j - 2] as number + 1)
      row[j] = d
    }
  }
  return (rows[a.length] as number[])[b.length] as number
}
