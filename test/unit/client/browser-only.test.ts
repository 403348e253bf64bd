import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../../../', import.meta.url))

describe('browser client build constraints', () => {
  it('compiles under its own tsconfig: DOM libs, no Node types (a Node global is an error)', () => {
    const r = spawnSync(
      process.execPath,
      [`${root}node_modules/typescript/bin/tsc`, '-p', `${root}src/client/tsconfig.json`],
      {
        encoding: 'utf8',
      },
    )
    expect(r.stdout + r.stderr).toBe('')
    expect(r.status).toBe(0)
  }, 60_000)

  it('stays under its 5 KB min+gzip budget (scripts/check-bundle-size.mjs)', () => {
    const r = spawnSync(process.execPath, [`${root}scripts/check-bundle-size.mjs`], { encoding: 'utf8' })
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    expect(r.stdout).toMatch(/minified\+gzipped/)
  }, 60_000)
})
