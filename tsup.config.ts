import { existsSync } from 'node:fs'
import { defineConfig } from 'tsup'

// Entry points of the `exports` map. Each is built only once its source exists, so work in progress
// on one entry never breaks the build of the others.
const entries: Record<string, string> = {
  index: 'src/index.ts',
  express: 'src/adapters/express/index.ts',
  node: 'src/adapters/node/index.ts',
  fetch: 'src/adapters/fetch/index.ts',
  fastify: 'src/adapters/fastify/index.ts',
  koa: 'src/adapters/koa/index.ts',
  hono: 'src/adapters/hono/index.ts',
  adapter: 'src/http/index.ts',
  'compat/jwt-redis-sessions': 'src/compat/jwt-redis-sessions/index.ts',
  'compat/redis-jwt': 'src/compat/redis-jwt/index.ts',
  'compat/jwt-redis-session': 'src/compat/jwt-redis-session/index.ts',
  'cli/index': 'src/cli/index.ts',
}

export default defineConfig([
  {
    entry: Object.fromEntries(Object.entries(entries).filter(([, f]) => existsSync(f))),
    format: ['esm', 'cjs'],
    dts: true,
    clean: false,
    target: 'node20',
    sourcemap: true,
    splitting: true,
    // `require('jwt-sessions/compat/redis-jwt')` must return the class itself, as the seeds' users wrote it.
    cjsInterop: true,
    // The CommonJS build goes through sucrase, which renames classes with fields (`_class`, `_class2`):
    // keep every class its real name, so error names (`TokenExpiredError`) read the same in both builds.
    keepNames: true,
    external: ['express', 'ioredis', 'redis', 'fast-jwt', 'fastify', 'koa', 'hono'],
  },
  // The conformance suites for store authors: ESM only, because vitest (an optional peer, imported
  // by this entry alone) cannot be required.
  ...(existsSync('src/testing/index.ts')
    ? [
        {
          entry: { testing: 'src/testing/index.ts' },
          format: ['esm'] as ('esm' | 'cjs')[],
          dts: true,
          target: 'node20',
          sourcemap: true,
          external: ['express', 'ioredis', 'redis', 'fast-jwt', 'vitest'],
        },
      ]
    : []),
  ...(existsSync('src/client/index.ts')
    ? [
        {
          entry: { client: 'src/client/index.ts' },
          format: ['esm', 'cjs'] as ('esm' | 'cjs')[],
          dts: true,
          target: 'es2020',
          platform: 'browser' as const,
          sourcemap: true,
          tsconfig: 'src/client/tsconfig.json',
        },
      ]
    : []),
])
