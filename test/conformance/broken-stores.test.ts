// The conformance suite can fail: run it (in a child vitest) on stores that each break one rule
// of the contract, and expect every one of them to fail while an unbroken control passes.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { BROKEN } from './broken/stores.js'

interface JsonReport {
  testResults: Array<{ assertionResults: Array<{ ancestorTitles: string[]; title: string; status: string }> }>
}

it('fails on each broken store and passes on the control', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jwts-broken-'))
  try {
    const out = join(dir, 'report.json')
    const r = spawnSync(
      process.execPath,
      [
        'node_modules/vitest/vitest.mjs',
        'run',
        '--config',
        'test/conformance/broken/vitest.config.ts',
        '--reporter=json',
        `--outputFile=${out}`,
      ],
      { encoding: 'utf8', timeout: 120_000 },
    )
    expect(r.status, r.stderr).toBe(1)
    const report = JSON.parse(readFileSync(out, 'utf8')) as JsonReport
    const failed = new Map<string, string[]>()
    let total = 0
    for (const file of report.testResults) {
      for (const a of file.assertionResults) {
        total++
        const suite = a.ancestorTitles[0] ?? ''
        if (a.status === 'failed') failed.set(suite, [...(failed.get(suite) ?? []), a.title])
      }
    }
    expect(total).toBeGreaterThan(5 * 10)
    expect(failed.get('store conformance: control')).toBeUndefined()
    for (const name of Object.keys(BROKEN)) {
      expect(failed.get(`store conformance: broken: ${name}`), `the suite passed a store with ${name}`).toBeDefined()
    }
    console.log(
      [...failed].map(([suite, titles]) => `${suite}: ${titles.length} failed (${titles.join('; ')})`).join('\n'),
    )
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}, 150_000)
