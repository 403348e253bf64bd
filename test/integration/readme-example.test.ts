// The README's "Without Express" program, run as a reader would run it: extracted as written, executed
// in its own process against the real Redis, and its printed results checked line by line.
import { spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createSessions, redisStore } from '../../src/index.js'
import { cleanupPrefix, redisUrl, uniquePrefix } from '../helpers/redis.js'

const root = resolve(import.meta.dirname, '../..')
const prefix = uniquePrefix('readme')
const SECRET = 'readme-example-secret-of-32-bytes-or-more'

describe('README example without Express', () => {
  afterAll(() => cleanupPrefix(prefix))

  it('runs in order against Redis, prints what its comments say, and exits by itself', async () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8')
    const block = /\nWithout Express[^\n]*\n\n```ts\n([\s\S]*?)\n```/.exec(readme)?.[1]
    expect(block, 'the README has a "Without Express" ```ts block').toBeTruthy()
    // Inside the package, so `import 'jwt-sessions'` resolves to the build by self-reference.
    const dir = join(root, 'test-artifacts', 'readme-example')
    mkdirSync(dir, { recursive: true })
    const file = join(dir, 'without-express.ts')
    writeFileSync(file, `${block}\nexport {}\n`)
    const r = spawnSync(process.execPath, ['--import', 'tsx', file], {
      cwd: root,
      encoding: 'utf8',
      timeout: 20_000,
      env: {
        PATH: process.env.PATH ?? '',
        JWT_SECRET: SECRET,
        REDIS_URL: redisUrl(),
        REDIS_KEY_PREFIX: prefix,
      },
    })
    expect(r.signal, 'the program did not exit by itself').toBeNull()
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    // The values the comments promise, in order.
    const promised = [...(block ?? '').matchAll(/console\.log\(.*\/\/ (\S+?):?(\s|$)/g)].map((m) => m[1])
    expect(promised).toEqual(['true', '2', '1', 'true', 'false'])
    expect(r.stdout.trim().split('\n')).toEqual(promised)
    // Everything it created was revoked again: no live session of the user is left.
    const s = createSessions({ store: redisStore({ url: redisUrl(), keyPrefix: prefix }), secret: SECRET })
    try {
      expect(await s.list('user-123')).toEqual([])
    } finally {
      await s.close()
    }
  }, 30_000)
})
