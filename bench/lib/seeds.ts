import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { pkgVersion, ROOT, SCRATCH } from './env.js'

/**
 * The seed packages, pinned, installed into `.bench-scratch/` (gitignored), never into the project.
 * Two helpers make the old seeds run as published: `node-redis-v3` is redis@3 under an alias,
 * because seed 002 is written for its callback API (`client.get(key, cb)`), gone since node-redis 4;
 * `babel-runtime` 6 is required by redis-jwt 1.4.0's compiled `dist/index.js` but missing from its
 * dependencies, so `require('redis-jwt')` fails without it.
 */
export const SEED_SPECS = [
  'jwt-redis-sessions@3.0.1',
  'redis-jwt@1.4.0',
  'jwt-redis-session@1.0.5',
  'node-redis-v3@npm:redis@3.1.2',
  'babel-runtime@6.26.0',
] as const

const NAMES = SEED_SPECS.map((s) => s.slice(0, s.indexOf('@', 1)))

/** Installs the seeds when any is missing; returns an error message instead of throwing. */
export function ensureSeeds(log: (line: string) => void = console.log): string | undefined {
  if (NAMES.every((n) => existsSync(join(SCRATCH, 'node_modules', n, 'package.json')))) return undefined
  mkdirSync(SCRATCH, { recursive: true })
  const pj = join(SCRATCH, 'package.json')
  if (!existsSync(pj)) writeFileSync(pj, '{ "name": "bench-scratch", "private": true }\n')
  log(`installing seed packages into .bench-scratch/: ${SEED_SPECS.join(' ')}`)
  try {
    execFileSync('npm', ['install', '--prefix', SCRATCH, '--no-audit', '--no-fund', ...SEED_SPECS], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'pipe'],
    })
  } catch (err) {
    return `npm install of the seed packages failed: ${(err as { stderr?: Buffer }).stderr?.toString().trim().split('\n').pop() ?? String(err)}`
  }
  return undefined
}

/** `require` rooted in the scratch folder, so seeds resolve their own dependencies there. */
export const seedRequire = createRequire(join(SCRATCH, 'package.json'))

export function seedVersions(): Record<string, string> {
  return Object.fromEntries(NAMES.map((n) => [n, pkgVersion(n, SCRATCH)]))
}
