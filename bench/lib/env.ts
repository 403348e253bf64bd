import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { cpus, loadavg, totalmem } from 'node:os'
import { join } from 'node:path'

export const ROOT = new URL('../../', import.meta.url).pathname.replace(/\/$/, '')
export const SCRATCH = join(ROOT, '.bench-scratch')

/** Version of an installed package, or `missing`. */
export function pkgVersion(name: string, from: string = ROOT): string {
  try {
    const pj = JSON.parse(readFileSync(join(from, 'node_modules', name, 'package.json'), 'utf8')) as {
      version?: string
    }
    return pj.version ?? '?'
  } catch {
    return 'missing'
  }
}

function git(args: string[]): string {
  try {
    return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()
  } catch {
    return '?'
  }
}

function redisServerVersion(): string {
  try {
    const out = execFileSync('redis-server', ['--version'], { encoding: 'utf8' })
    return /v=([\d.]+)/.exec(out)?.[1] ?? out.trim()
  } catch {
    return 'missing'
  }
}

export interface Machine {
  date: string
  cpu: string
  cores: number
  memGiB: number
  loadAvg: string
  node: string
  redis: string
  commit: string
  dirty: boolean
  packages: Record<string, string>
}

/** What produced the figures: every section of BENCHMARKS.md repeats it. */
export function machine(extraPackages: readonly string[] = []): Machine {
  const c = cpus()
  const own = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }
  const packages: Record<string, string> = { 'jwt-sessions': own.version }
  for (const p of ['express', 'redis', 'fast-jwt', ...extraPackages]) packages[p] = pkgVersion(p)
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    cpu: (c[0]?.model ?? 'unknown').trim(),
    cores: c.length,
    memGiB: Math.round(totalmem() / 2 ** 30),
    loadAvg: loadavg()
      .map((l) => l.toFixed(2))
      .join(' '),
    node: process.version,
    redis: redisServerVersion(),
    commit: git(['rev-parse', '--short', 'HEAD']),
    dirty: git(['status', '--porcelain', '--', 'src']) !== '',
    packages,
  }
}

/** One markdown paragraph describing the machine and versions. */
export function machineLine(m: Machine): string {
  const pk = Object.entries(m.packages)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ')
  return (
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.memGiB} GiB; load average at start ${m.loadAvg}. ` +
    `Node ${m.node}, Redis ${m.redis} (own redis-server on loopback, no persistence). ` +
    `Packages: ${pk}. Commit ${m.commit}${m.dirty ? ' (with uncommitted changes in src/)' : ''}, run ${m.date}.`
  )
}
