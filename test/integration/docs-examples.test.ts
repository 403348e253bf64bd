// Every TypeScript example in README.md and docs/**/*.md compiles as written, against the BUILT package
// (`tsc --strict`, imports by package name), and every JavaScript example at least parses. Whatever is
// in docs/ when the test runs is covered. A deliberate fragment is exempted by the line
// `<!-- fragment -->` right before its fence (use sparingly: a reader should be able to paste an example).
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

const root = resolve(import.meta.dirname, '../..')
// Inside the package (so `jwt-sessions/...` resolves by self-reference to dist/) and git-ignored.
const out = join(root, 'test-artifacts', 'docs-examples')

/** One fenced example. */
interface Example {
  file: string
  line: number
  lang: string
  code: string
}

function markdownFiles(): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.md') ? [join(dir, e.name)] : [],
    )
  return [join(root, 'README.md'), ...walk(join(root, 'docs'))]
}

/** The fenced blocks of one Markdown file, with the exemption marker honoured. */
function extractExamples(file: string, text: string): Example[] {
  const lines = text.split('\n')
  const found: Example[] = []
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)/.exec(lines[i] ?? '')
    if (!open) continue
    const [, indent = '', fence = '```', lang = ''] = open
    let end = i + 1
    while (end < lines.length && !(lines[end] ?? '').trimStart().startsWith(fence)) end++
    let before = i - 1
    while (before >= 0 && (lines[before] ?? '').trim() === '') before--
    const fragment = /^\s*<!--\s*fragment\s*-->\s*$/.test(lines[before] ?? '')
    if (!fragment) {
      const code = lines
        .slice(i + 1, end)
        .map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l))
        .join('\n')
      found.push({ file: relative(root, file), line: i + 1, lang: lang.toLowerCase(), code })
    }
    i = end
  }
  return found
}

const all = markdownFiles().flatMap((f) => extractExamples(f, readFileSync(f, 'utf8')))
const ts_ = all.filter((e) => e.lang === 'ts' || e.lang === 'typescript')
const js = all.filter((e) => e.lang === 'js' || e.lang === 'javascript' || e.lang === 'mjs' || e.lang === 'cjs')
const slug = (e: Example) => `${e.file.replace(/[^\w]+/g, '_')}_L${e.line}`

describe('documentation examples', () => {
  it('the extractor finds blocks and honours <!-- fragment -->', () => {
    const md = [
      '```ts',
      'const a = 1',
      '```',
      '',
      '<!-- fragment -->',
      '```ts',
      'b()',
      '```',
      '```js',
      'x',
      '```',
    ].join('\n')
    expect(extractExamples(join(root, 'x.md'), md).map((e) => [e.lang, e.code, e.line])).toEqual([
      ['ts', 'const a = 1', 1],
      ['js', 'x', 9],
    ])
    expect(ts_.length).toBeGreaterThan(0)
  })

  it('every ```ts block compiles as written with tsc --strict against the built package', () => {
    expect(existsSync(join(root, 'dist/index.d.ts')), 'dist/ is missing: run npm run build (npm test does)').toBe(true)
    rmSync(out, { recursive: true, force: true })
    mkdirSync(out, { recursive: true })
    const options: ts.CompilerOptions = {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      lib: ['lib.es2022.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
      types: ['node'],
      strict: true,
      noEmit: true,
      skipLibCheck: true,
    }
    // One program per example: a `declare module` augmentation in one must not type another. Parsed
    // declaration files are shared between the programs.
    const host = ts.createCompilerHost(options)
    const parsed = new Map<string, ts.SourceFile | undefined>()
    const getSourceFile = host.getSourceFile.bind(host)
    host.getSourceFile = (name, lang, onError) => {
      if (name.startsWith(out)) return getSourceFile(name, lang, onError)
      if (!parsed.has(name)) parsed.set(name, getSourceFile(name, lang, onError))
      return parsed.get(name)
    }
    const errors: string[] = []
    for (const e of ts_) {
      const file = join(out, `${slug(e)}.ts`)
      // `export {}` makes each example a module: top-level await works, names never clash.
      writeFileSync(file, `${e.code}\nexport {}\n`)
      const program = ts.createProgram([file], options, host)
      for (const d of ts.getPreEmitDiagnostics(program)) {
        const text = ts.flattenDiagnosticMessageText(d.messageText, ' ')
        // Errors point back at the Markdown: "docs/x.md:12: ...".
        const line = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line : -1
        const inExample = d.file?.fileName === file
        errors.push(
          inExample ? `${e.file}:${e.line + 1 + line}: ${text}` : `${e.file}:${e.line} (${d.file?.fileName}): ${text}`,
        )
      }
    }
    expect(errors).toEqual([])
  }, 300_000)

  it('every ```js block parses (node --check)', () => {
    mkdirSync(out, { recursive: true })
    const failures: string[] = []
    for (const e of js) {
      // ESM first, then CommonJS: an example may be either.
      const ok = ['mjs', 'cjs'].some((ext) => {
        const file = join(out, `${slug(e)}.${ext}`)
        writeFileSync(file, e.code)
        return spawnSync(process.execPath, ['--check', file], { encoding: 'utf8' }).status === 0
      })
      if (!ok) failures.push(`${e.file}:${e.line}`)
    }
    expect(failures).toEqual([])
  })
})
