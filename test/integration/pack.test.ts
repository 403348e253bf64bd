// The package as npm would publish it: a clean copy of the tree (tracked and new files, nothing ignored,
// so no dist/) is packed with `npm pack` (which must build through `prepack`), the tarball is installed
// into a scratch project from the local npm cache, and every entry point of the `exports` map is loaded
// from ESM and CommonJS, and type-checked under `moduleResolution: node10` through `typesVersions`.
// Generic over the exports map: an entry point added later is covered without editing this file.
import { execFileSync, spawnSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const root = resolve(import.meta.dirname, '../..')
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  name: string
  exports: Record<string, unknown>
  peerDependencies?: Record<string, string>
}
/** Subpaths that are code (`./package.json` is data). */
const entries = Object.keys(pkg.exports).filter((k) => k !== './package.json')
const specifier = (key: string) => (key === '.' ? pkg.name : `${pkg.name}/${key.slice(2)}`)

/** The condition names an export offers, at any depth (`{ import: { types, default } }`). */
function conditions(target: unknown): Set<string> {
  const out = new Set<string>()
  const walk = (t: unknown) => {
    if (typeof t === 'string') out.add('default')
    else if (t && typeof t === 'object')
      for (const [k, v] of Object.entries(t)) {
        out.add(k)
        walk(v)
      }
  }
  walk(target)
  return out
}

const work = mkdtempSync(join(tmpdir(), 'jwts-pack-'))
const copy = join(work, 'src-copy')
const project = join(work, 'consumer')
let tarball = ''
let packed: string[] = []

function run(cmd: string, args: string[], cwd: string): string {
  return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 180_000 })
}

/** The installed version of a dev dependency, so a peer can be installed from the cache. */
function installedVersion(name: string): string | undefined {
  try {
    return (JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')) as { version: string })
      .version
  } catch {
    return undefined
  }
}

beforeAll(() => {
  // A clean copy: what a fresh clone holds (plus uncommitted work), without dist/ or node_modules/.
  const files = run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], root)
    .split('\0')
    .filter(Boolean)
  for (const f of files) {
    try {
      mkdirSync(dirname(join(copy, f)), { recursive: true })
      cpSync(join(root, f), join(copy, f))
    } catch {
      // A tracked file deleted in the work tree: a clone would not have it either after the commit.
    }
  }
  // The build tools come from the project's own install (no network).
  symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'), 'dir')
  // stdout holds the prepack build's own output first, then npm's JSON.
  const printed = run('npm', ['pack', '--json', '--pack-destination', work], copy)
  const out = JSON.parse(printed.slice(printed.search(/^\[\s*\{/m))) as {
    filename: string
    files: { path: string }[]
  }[]
  const first = out[0]
  if (!first) throw new Error('npm pack printed nothing')
  tarball = join(work, first.filename)
  packed = first.files.map((f) => f.path)

  mkdirSync(project)
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }))
  // Optional peers the entry points load (express, fastify, ...), at the versions this project tests with.
  const peers = Object.keys(pkg.peerDependencies ?? {})
    .map((p) => [p, installedVersion(p)] as const)
    .filter(([, v]) => v)
    .map(([p, v]) => `${p}@${v}`)
  const args = ['install', '--no-audit', '--no-fund', '--no-save', '--ignore-scripts', tarball, ...peers]
  try {
    run('npm', ['--offline', ...args], project)
  } catch {
    // A cache missing an entry: the registry fills the gap (the test still installs the real tarball).
    run('npm', ['--prefer-offline', ...args], project)
  }
}, 300_000)

afterAll(() => rmSync(work, { recursive: true, force: true }))

describe('npm pack', () => {
  it('ships the build and the docs, not the sources or the tests', () => {
    expect(packed).toContain('package.json')
    expect(packed).toContain('README.md')
    expect(packed).toContain('LICENSE')
    expect(packed.some((f) => f.startsWith('dist/'))).toBe(true)
    expect(packed.filter((f) => f.startsWith('src/') || f.startsWith('test/'))).toEqual([])
  })

  it('relative links in the packed Markdown point at packed files (they work on the package page)', () => {
    const broken: string[] = []
    for (const md of packed.filter((f) => f.endsWith('.md'))) {
      const text = readFileSync(join(copy, md), 'utf8')
      for (const m of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        const href = (m[1] ?? '').replace(/#.*$/, '')
        if (!href || /^[a-z]+:/i.test(href)) continue
        const target = join(dirname(md), href).replace(/\/$/, '')
        if (!packed.some((f) => f === target || f.startsWith(`${target}/`))) broken.push(`${md}: ${href}`)
      }
    }
    expect(broken).toEqual([])
  })

  for (const key of entries) {
    const id = specifier(key)
    const has = conditions(pkg.exports[key])
    it(`${id} loads from the installed tarball (ESM and CommonJS)`, () => {
      if (key === './testing') {
        // The conformance suites import vitest, which loads only inside a vitest run (and is ESM only):
        // run them there, as a store author does, on the installed package's memory store.
        writeFileSync(
          join(project, 'store.test.mjs'),
          "import { memoryStore } from 'jwt-sessions'\nimport { runRateLimitConformance } from 'jwt-sessions/testing'\nrunRateLimitConformance('memory', () => memoryStore())\n",
        )
        const run = spawnSync(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', 'store.test.mjs'], {
          cwd: project,
          encoding: 'utf8',
          timeout: 60_000,
          env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
        })
        expect(run.status, run.stdout + run.stderr).toBe(0)
        expect(run.stdout).toMatch(/Tests\s+\d+ passed/)
        return
      }
      if (has.has('import') || has.has('default')) {
        const esm = spawnSync(
          process.execPath,
          ['--input-type=module', '-e', `const m = await import('${id}'); console.log(Object.keys(m).length)`],
          { cwd: project, encoding: 'utf8', timeout: 30_000 },
        )
        expect(esm.stderr).toBe('')
        expect(Number(esm.stdout)).toBeGreaterThan(0)
      }
      if (has.has('require') || has.has('default')) {
        const cjs = spawnSync(
          process.execPath,
          ['-e', `const m = require('${id}'); console.log(typeof m === 'function' ? 1 : Object.keys(m).length)`],
          { cwd: project, encoding: 'utf8', timeout: 30_000 },
        )
        expect(cjs.stderr).toBe('')
        expect(Number(cjs.stdout)).toBeGreaterThan(0)
      }
    })
  }

  it('every entry point has types under moduleResolution node10 (typesVersions)', () => {
    // One import per entry point; under `strict`, an import without types is error TS7016, so this
    // compiles only when every subpath's declarations are found.
    const lines = entries.map((k, i) => `import * as m${i} from '${specifier(k)}'\nexport const t${i}: object = m${i}`)
    writeFileSync(join(project, 'index.ts'), lines.join('\n') + '\n')
    // And typed use of the main subpaths, with negative cases (test/types/node10/consumer.ts).
    cpSync(join(root, 'test/types/node10/consumer.ts'), join(project, 'consumer.ts'))
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'commonjs',
          moduleResolution: 'node10',
          target: 'es2022',
          strict: true,
          noEmit: true,
          esModuleInterop: true,
          // The declarations reference optional peers' and Node's types; they are not what is tested.
          skipLibCheck: true,
          types: [],
        },
        files: ['index.ts', 'consumer.ts'],
      }),
    )
    const tsc = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', project], {
      encoding: 'utf8',
      timeout: 120_000,
    })
    expect(tsc.stdout + tsc.stderr).toBe('')
    expect(tsc.status).toBe(0)
  }, 120_000)
})
