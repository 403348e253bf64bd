#!/usr/bin/env node
// Fails when the browser client (`jwt-sessions/client`) grows past its budget, minified and gzipped.
// Bundled from source with esbuild, the way an application's bundler would include it.
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'

const LIMIT_BYTES = 5 * 1024
const entry = new URL('../src/client/index.ts', import.meta.url).pathname

const result = await build({
  entryPoints: [entry],
  bundle: true,
  minify: true,
  format: 'esm',
  target: 'es2020',
  platform: 'browser',
  write: false,
  // Any import of a package or a Node built-in would be a bug: make it fail the build.
  external: [],
  logLevel: 'silent',
})
const code = result.outputFiles[0].contents
const gzipped = gzipSync(code, { level: 9 }).length
const fmt = (n) => `${n} B (${(n / 1024).toFixed(2)} KiB)`
console.log(
  `jwt-sessions/client: ${fmt(code.length)} minified, ${fmt(gzipped)} minified+gzipped, limit ${fmt(LIMIT_BYTES)}`,
)
if (gzipped > LIMIT_BYTES) {
  console.error(`check-bundle-size: the browser client is ${gzipped - LIMIT_BYTES} B over its ${LIMIT_BYTES} B budget`)
  process.exit(1)
}
