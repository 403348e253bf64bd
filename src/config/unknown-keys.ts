import { ConfigError } from '../errors/index.js'

/** Edit distance, for "did you mean" hints (option names are short, so the quadratic table is fine). */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!
    row[0] = i
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1]!.toLowerCase() === b[j - 1]!.toLowerCase() ? 0 : 1))
      prev = cur
    }
  }
  return row[b.length]!
}

/**
 * Throws ConfigError for the first key of `obj` not in `allowed`, naming it and the closest allowed key.
 * `where` names the options object in the message (`"createSessions"`, `"telemetry"`).
 * @example rejectUnknownKeys(options, ['metrics', 'traces'], 'telemetry')
 */
export function rejectUnknownKeys(obj: object, allowed: Iterable<string>, where: string): void {
  const known = [...allowed]
  for (const key of Object.keys(obj)) {
    if (known.includes(key)) continue
    const closest = known.reduce<{ k: string; d: number } | undefined>((best, k) => {
      const d = distance(key, k)
      return best === undefined || d < best.d ? { k, d } : best
    }, undefined)
    const hint = closest ? `; did you mean "${closest.k}"?` : ''
    throw new ConfigError(`${where}: unknown option "${key}"${hint}`)
  }
}
