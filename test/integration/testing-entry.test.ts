// `jwt-sessions/testing` works as a store author uses it: imported from the built package (ESM),
// run by vitest, passing on the memory store. (npm test builds first.)
import { spawnSync } from 'node:child_process'
import { expect, it } from 'vitest'

it('jwt-sessions/testing runs both conformance suites from the built package', () => {
  const r = spawnSync(
    process.execPath,
    ['node_modules/vitest/vitest.mjs', 'run', '--config', 'test/integration/testing-entry/vitest.config.ts'],
    {
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
    },
  )
  expect(r.status, r.stdout + r.stderr).toBe(0)
  expect(r.stdout).toMatch(/Tests\s+\d{2,} passed/)
  // The entry is ESM only, as vitest is: require() finds no export for it.
  const cjs = spawnSync(process.execPath, ['-e', "require('jwt-sessions/testing')"], { encoding: 'utf8' })
  expect(cjs.status).not.toBe(0)
}, 150_000)
