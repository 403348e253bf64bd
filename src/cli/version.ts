import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * The installed package's version, read from its package.json: the nearest one named `jwt-sessions`
 * above this file (dist/cli/ when installed, src/cli/ in the repository).
 */
export function packageVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url))
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string }
      if (pkg.name === 'jwt-sessions' && pkg.version) return pkg.version
    } catch {
      // No package.json here: keep walking up.
    }
    const up = dirname(dir)
    if (up === dir) return 'unknown'
    dir = up
  }
}
