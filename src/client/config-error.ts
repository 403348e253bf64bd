/**
 * The client's option errors. A `TypeError` (as before) that also carries the server-side
 * `ConfigError`'s stable `code`, without importing it: the client has no dependencies.
 */
export class ClientConfigError extends TypeError {
  /** The same code as the server's `ConfigError`. */
  readonly code = 'CONFIG_INVALID'
  override readonly name = 'ConfigError'
}

/** Edit distance of two short strings (option names), for "did you mean". */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const cur = [i]
    for (let j = 1; j <= b.length; j++) {
      const sub = (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1)
      cur[j] = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, sub)
    }
    prev = cur
  }
  return prev[b.length] ?? 0
}

/**
 * Refuses keys of `options` that are not in `known`, naming the key and the closest valid one
 * (a typo like `refreshThreshhold` must not silently fall back to a default).
 *
 * @example
 * ```ts
 * refuseUnknownKeys({ refreshThreshhold: '1m' }, ['refreshThreshold'])
 * // throws: unknown option "refreshThreshhold" (did you mean "refreshThreshold"?)
 * ```
 */
export function refuseUnknownKeys(options: object, known: readonly string[]): void {
  for (const key of Object.keys(options)) {
    if (known.includes(key)) continue
    const closest = [...known].sort((a, b) => distance(key, a) - distance(key, b))[0]
    throw new ClientConfigError(`unknown option "${key}"${closest ? ` (did you mean "${closest}"?)` : ''}`)
  }
}
