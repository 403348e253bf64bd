// The built jwt-sessions/fetch and jwt-sessions/hono entries (npm test builds first) and every chunk
// they load: which modules outside the package they import. Only node:async_hooks (AsyncLocalStorage,
// for the observability spans) is allowed, and hono for its adapter: no node:crypto, node:net or
// Buffer-based helper on the Fetch path.
import { existsSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

function externalsOf(entry: string): Set<string> {
  const seen = new Set<string>()
  const found = new Set<string>()
  const walk = (file: string) => {
    if (seen.has(file)) return
    seen.add(file)
    const text = readFileSync(`dist/${file}`, 'utf8')
    for (const m of text.matchAll(/(?:\bfrom|\bimport)\s*\(?\s*["']([^"']+)["']/g)) {
      const spec = m[1] as string
      if (spec.startsWith('./')) walk(spec.slice(2))
      else found.add(spec.replace(/^node:/, ''))
    }
  }
  walk(entry)
  return found
}

describe('dist/fetch.js', () => {
  it('imports no Node built-in but async_hooks, and no package', () => {
    expect(existsSync('dist/fetch.js'), 'dist/ is missing: run npm run build (npm test does)').toBe(true)
    expect([...externalsOf('fetch.js')].filter((m) => m !== 'async_hooks')).toEqual([])
  })
})

describe('dist/hono.js', () => {
  it('imports no Node built-in but async_hooks, and no package but hono', () => {
    expect(existsSync('dist/hono.js'), 'dist/ is missing: run npm run build (npm test does)').toBe(true)
    expect([...externalsOf('hono.js')].filter((m) => m !== 'async_hooks')).toEqual(['hono'])
  })
})
