/** Median of a non-empty list (mean of the two middle values for even lengths). */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  const mid = Math.floor(s.length / 2)
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2
}

/** The q-quantile (0..1) of a list, nearest-rank. */
export function quantile(xs: readonly number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b)
  const i = Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))
  return s[i] as number
}

export interface Spread {
  median: number
  min: number
  max: number
}

export function spread(xs: readonly number[]): Spread {
  return { median: median(xs), min: Math.min(...xs), max: Math.max(...xs) }
}

/** `12,345` style. */
export function int(n: number): string {
  return Math.round(n).toLocaleString('en-US')
}

/** Fixed decimals without trailing noise: `fixed(0.9512, 2)` is `0.95`. */
export function fixed(n: number, digits: number): string {
  return n.toFixed(digits)
}

/** `median (min-max)` with a formatter. */
export function fmtSpread(s: Spread, f: (n: number) => string): string {
  return `${f(s.median)} (${f(s.min)}–${f(s.max)})`
}

/** Microseconds from nanoseconds or milliseconds, formatted. */
export function us(ms: number): string {
  const v = ms * 1000
  return v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2)
}
