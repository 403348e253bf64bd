// The package as npm would publish it: a clean copy of the tree (tracked and new files, nothing ignored,
// so no dist/) is packed with `npm pack` (which must build through `prepack`), the tarball is installed
// into a scratch project from the local npm cache, and every entry point of the `exports` map is loaded
// from ESM and CommonJS, and type-checked under `moduleResolution: node10` through `typesVersions`.
// Generic over the exports map: an entry point added later is covered without editing this file.
import { execFile } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const root = resolve(import.meta.dirname, '../..')
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  name: string
  exports: Record<string, unknown>
  version: string
  bin?: Record<string, string>
  peerDependencies?: Record<string, string>
}
/** Subpaths that are code (`./package.json` is data). */
const entries = Object.keys(pkg.exports).filter((k) => k !== './package.json')
const specifier = (key: string) => (key === '.' ? pkg.name : `${pkg.name}/${key.slice(2)}`)

/** The top-level conditions of an export (`{ import: {...}, require: {...} }`); a bare path is `default`. */
function conditions(target: unknown): Set<string> {
  if (typeof target === 'string') return new Set(['default'])
  return new Set(target && typeof target === 'object' ? Object.keys(target) : [])
}

const work = mkdtempSync(join(tmpdir(), 'jwts-pack-'))
const copy = join(work, 'src-copy')
const project = join(work, 'consumer')
let tarball = ''
let packed: string[] = []

// Asynchronous children only: a worker blocked for a minute misses vitest's RPC deadline.
const execFileAsync = promisify(execFile)

async function run(cmd: string, args: string[], cwd: string): Promise<string> {
  return (await execFileAsync(cmd, args, { cwd, encoding: 'utf8', timeout: 180_000, maxBuffer: 64 << 20 })).stdout
}

/** A child's exit status and output (never throws for a non-zero exit). */
async function node(args: string[], cwd: string, file = process.execPath) {
  try {
    const r = await execFileAsync(file, args, { cwd, encoding: 'utf8', timeout: 120_000 })
    return { status: 0, stdout: r.stdout, stderr: r.stderr }
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string }
    return { status: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? String(err) }
  }
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

beforeAll(async () => {
  // A clean copy: what a fresh clone holds (plus uncommitted work), without dist/ or node_modules/.
  const files = (
    await run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], root).catch(() => '')
  )
    .split('\0')
    .filter(Boolean)
  // Not a git checkout (a source tarball): everything but what the build and the tests produce.
  if (files.length === 0) {
    const skip = new Set(['node_modules', 'dist', 'test-artifacts', '.git', 'coverage', '.bench-scratch'])
    const walk = (dir: string): string[] =>
      readdirSync(join(root, dir), { withFileTypes: true })
        .filter((e) => !skip.has(e.name))
        .flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]))
    files.push(...walk(''))
  }
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
  const printed = await run('npm', ['pack', '--json', '--pack-destination', work], copy)
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
    await run('npm', ['--offline', ...args], project)
  } catch {
    // A cache missing an entry: the registry fills the gap (the test still installs the real tarball).
    await run('npm', ['--prefer-offline', ...args], project)
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
    it(`${id} loads from the installed tarball (ESM and CommonJS)`, async () => {
      if (key === './testing') {
        // The conformance suites register vitest tests, so they load only inside a vitest run: run
        // them from the tarball on the tarball's own memory store.
        writeFileSync(
          join(project, 'conformance.test.mjs'),
          "import { memoryStore } from 'jwt-sessions'\nimport { runStoreConformance } from 'jwt-sessions/testing'\n" +
            "runStoreConformance('memory store from the tarball', () => memoryStore())\n",
        )
        const run = await node(
          [join(project, 'node_modules/vitest/vitest.mjs'), 'run', 'conformance.test.mjs'],
          project,
        )
        expect(run.status, run.stdout + run.stderr).toBe(0)
        // biome-ignore lint/suspicious/noControlCharactersInRegex: strips vitest's colour codes
        expect(run.stdout.replace(/\x1b\[[0-9;]*m/g, '')).toMatch(/Tests\s+\d+ passed/)
        return
      }
      if (has.has('import') || has.has('default')) {
        const esm = await node(
          ['--input-type=module', '-e', `const m = await import('${id}'); console.log(Object.keys(m).length)`],
          project,
        )
        if (/Vitest failed to access its internal state/.test(esm.stderr)) {
          // An entry meant to run inside vitest (jwt-sessions/testing): load it the way it is used, from
          // a test file of the consumer run by the consumer's own vitest (an optional peer, installed above).
          const file = `entry-${key.replace(/\W+/g, '_')}.test.mjs`
          writeFileSync(
            join(project, file),
            `import { expect, it } from 'vitest'\nimport * as m from '${id}'\nit('loads', () => expect(Object.keys(m).length).toBeGreaterThan(0))\n`,
          )
          const inVitest = await node([join(project, 'node_modules/vitest/vitest.mjs'), 'run', file], project)
          expect(inVitest.stdout + inVitest.stderr).toMatch(/1 passed/)
          expect(inVitest.status).toBe(0)
        } else {
          expect(esm.stderr).toBe('')
          expect(Number(esm.stdout)).toBeGreaterThan(0)
        }
      }
      if (has.has('require') || has.has('default')) {
        const cjs = await node(
          ['-e', `const m = require('${id}'); console.log(typeof m === 'function' ? 1 : Object.keys(m).length)`],
          project,
        )
        expect(cjs.stderr).toBe('')
        expect(Number(cjs.stdout)).toBeGreaterThan(0)
      }
    })
  }

  it('the bin runs from the installed package (--version)', async () => {
    const bins = Object.keys(pkg.bin ?? {})
    expect(bins.length).toBeGreaterThan(0)
    for (const name of bins) {
      const r = await node(['--version'], project, join(project, 'node_modules', '.bin', name))
      expect(r.stderr).toBe('')
      expect(r.stdout.trim()).toBe(pkg.version)
    }
  })

  it('every entry point has types under moduleResolution node10 (typesVersions)', async () => {
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
    const tsc = await node([join(root, 'node_modules/typescript/bin/tsc'), '-p', project], project)
    expect(tsc.stdout + tsc.stderr).toBe('')
    expect(tsc.status).toBe(0)
  }, 120_000)
})
