// The built package with @opentelemetry/api not resolvable (a child process whose module resolution
// refuses @opentelemetry/*): it loads and works, ESM and CJS, and never loads the API.
import { spawnSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const ROOT = join(import.meta.dirname, '..', '..')

function run(format: 'esm' | 'cjs', telemetry: string, block = true) {
  const hook = block ? ['--require', join(ROOT, 'test/helpers/block-otel.cjs')] : []
  const r = spawnSync(
    process.execPath,
    [...hook, join(ROOT, 'test/integration/no-otel-child.mjs'), format, telemetry],
    { encoding: 'utf8', timeout: 20_000 },
  )
  expect(r.stderr).toBe('')
  expect(r.status).toBe(0)
  return JSON.parse(r.stdout.trim()) as {
    revoked: boolean
    afterRevoke: string
    attempts: number
    loaded: string[]
    warnings: string[]
  }
}

describe('without @opentelemetry/api', () => {
  for (const format of ['esm', 'cjs'] as const) {
    it(`${format} build: works, tries the API at most once, loads nothing of it`, () => {
      const r = run(format, 'default')
      expect(r).toMatchObject({ revoked: true, afterRevoke: 'SESSION_REVOKED', loaded: [], warnings: [] })
      expect(r.attempts).toBe(1)
    })
  }

  it('control: where it is installed (this repository), the same child does load it', () => {
    expect(run('esm', 'default', false).loaded.some((p) => p.includes('@opentelemetry/api'))).toBe(true)
  })

  it('telemetry: false never even looks for it', () => {
    expect(run('esm', 'false')).toMatchObject({ revoked: true, attempts: 0, loaded: [] })
  })

  it('asking for metrics explicitly without it: works, one config warning on console', () => {
    const r = run('cjs', '{"metrics":true}')
    expect(r).toMatchObject({ revoked: true, loaded: [] })
    expect(r.warnings).toHaveLength(1)
    expect(r.warnings[0]).toMatch(/^jwt-sessions: telemetry was asked for but no OpenTelemetry provider was found/)
  })

  it('the build has no static import or require of it', () => {
    const dist = join(ROOT, 'dist')
    for (const f of readdirSync(dist).filter((n) => /\.(c?js)$/.test(n))) {
      const code = readFileSync(join(dist, f), 'utf8')
      expect(code, f).not.toMatch(
        /(?:import|export)\s[^;]*?from\s*["']@opentelemetry|import\s*\(\s*["']@opentelemetry|\brequire\(\s*["']@opentelemetry/,
      )
    }
  })
})
