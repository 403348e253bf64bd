/** Options every part may read, parsed from `npm run bench -- [part ...] [--key=value ...]`. */
export interface BenchOptions {
  /** HTTP: rounds of every row, in rotated order. Default 5. */
  rounds: number
  /** HTTP: measured seconds per row and round. Default 3. */
  seconds: number
  /** HTTP: warm-up seconds before each measurement. Default 1. */
  warmup: number
  /** HTTP: autocannon connections. Default 50. */
  connections: number
  /** HTTP: only these row ids (comma list); default all. */
  rows: string[] | undefined
  /** Scale: sessions in the large fill. Default 1,000,000. */
  sessions: number
  /** Core: ms per tinybench task. Default 1000. */
  time: number
}

export interface PartOutput {
  /** The part's section of BENCHMARKS.md, starting with a `##` heading. */
  markdown: string
  /** Raw figures, saved as `bench/results/<part>.json`. */
  data: unknown
  /** Extra files to write (path relative to the repository root → content), like the SVG chart. */
  files?: Record<string, string>
}

export type Log = (line: string) => void
