import { readFileSync, realpathSync } from 'node:fs'
import { dirname, join } from 'node:path'

/**
 * The installed package's version: the nearest package.json named `jwt-sessions` above the running
 * bin (`node_modules/.bin/jwt-sessions` resolves to `dist/cli/`). No `import.meta`, so the same source
 * builds to CommonJS too.
 */
export function packageVersion(script = process.argv[1]): string {
  let dir: string
  try {
    dir = dirname(realpathSync(script ?? '.'))
  } catch {
    dir = process.cwd()
  }
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
