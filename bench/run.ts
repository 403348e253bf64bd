/**
 * `npm run bench` runs every part; `npm run bench -- http core` runs some. Options:
 * `--rounds=5 --seconds=3 --warmup=1 --connections=50 --rows=bare,floor,...` (HTTP),
 * `--time=1000` (core, ms per task), `--sessions=1000000` (scale).
 * Each part writes `bench/results/<part>.md` and `.json`; BENCHMARKS.md is then rebuilt from every
 * part's latest results, so running one part refreshes only its section.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { parseArgs } from 'node:util'
import { writeBenchmarksMd } from './lib/assemble.js'
import { ROOT } from './lib/env.js'
import type { BenchOptions, Log, PartOutput } from './lib/part.js'

type Part = (o: BenchOptions, log: Log) => Promise<PartOutput>

/** Parts owned by other helpers: a module exporting `run(): Promise<string>` (a markdown section). */
const EXTERNAL: Record<string, string> = { 'rate-limit': 'rate-limit.ts', cluster: 'cluster.ts' }

const PARTS: Record<string, () => Promise<Part>> = {
  http: async () => (await import('./http/index.js')).runHttp,
  core: async () => (await import('./core/index.js')).runCore,
  scale: async () => (await import('./scale/index.js')).runScale,
  cache: async () => (await import('./cache/index.js')).runCache,
  'revoke-access': async () => (await import('./core/revoke-access.js')).runRevokeAccess,
}

function external(file: string): Part {
  return async () => {
    const mod = (await import(join(ROOT, 'bench', file))) as { run(): Promise<string> }
    const markdown = await mod.run()
    return { markdown, data: { markdown } }
  }
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    rounds: { type: 'string', default: '5' },
    seconds: { type: 'string', default: '3' },
    warmup: { type: 'string', default: '1' },
    connections: { type: 'string', default: '50' },
    rows: { type: 'string' },
    sessions: { type: 'string', default: '1000000' },
    time: { type: 'string', default: '1000' },
  },
})

const num = (name: keyof typeof values, min: number): number => {
  const v = Number(values[name])
  if (!Number.isFinite(v) || v < min) {
    console.error(`--${name} must be a number of at least ${min}`)
    process.exit(2)
  }
  return v
}

const options: BenchOptions = {
  rounds: num('rounds', 1),
  seconds: num('seconds', 1),
  warmup: num('warmup', 0),
  connections: num('connections', 1),
  rows: values.rows ? values.rows.split(',').map((s) => s.trim()) : undefined,
  sessions: num('sessions', 1000),
  time: num('time', 100),
}

const all = [...Object.keys(PARTS), ...Object.keys(EXTERNAL)]
const wanted = positionals.length ? positionals : all
for (const name of wanted) {
  if (!all.includes(name)) {
    console.error(`unknown part "${name}"; parts: ${all.join(', ')}`)
    process.exit(2)
  }
}

const log: Log = (line) => console.log(line)
const started = Date.now()
let failures = 0
for (const name of wanted) {
  const ext = EXTERNAL[name]
  if (ext && !existsSync(join(ROOT, 'bench', ext))) {
    log(`${name}: skipped, bench/${ext} does not exist`)
    continue
  }
  log(`== ${name}`)
  const t0 = Date.now()
  try {
    const part = ext ? external(ext) : await (PARTS[name] as () => Promise<Part>)()
    const out = await part(options, log)
    const dir = join(ROOT, 'bench', 'results')
    mkdirSync(dir, { recursive: true })
    writeFileSync(join(dir, `${name}.md`), out.markdown.trimEnd() + '\n')
    writeFileSync(join(dir, `${name}.json`), JSON.stringify(out.data, null, 2) + '\n')
    for (const [file, content] of Object.entries(out.files ?? {})) {
      mkdirSync(dirname(join(ROOT, file)), { recursive: true })
      writeFileSync(join(ROOT, file), content)
    }
    log(`== ${name} done in ${((Date.now() - t0) / 1000).toFixed(0)} s`)
  } catch (err) {
    failures++
    log(`== ${name} FAILED: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`)
  }
}
writeBenchmarksMd()
log(`BENCHMARKS.md written (${((Date.now() - started) / 1000).toFixed(0)} s in all)`)
process.exit(failures ? 1 : 0)
