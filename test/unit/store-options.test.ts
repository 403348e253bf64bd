// Every store options object refuses unknown keys with a ConfigError naming the key and the
// closest valid one: a typo must never silently fall back to a default.
import { describe, expect, it } from 'vitest'
import { createSessions, memoryStore, redisStore } from '../../src/index.js'

/** The ConfigError a call throws, or a note that it threw nothing. */
function refusal(fn: () => unknown): { code?: string; message?: string } {
  try {
    fn()
    return { message: 'accepted' }
  } catch (err) {
    return err as { code?: string; message?: string }
  }
}

const cases: Array<[string, () => unknown, string, string]> = [
  ['redisStore', () => redisStore({ url: 'redis://127.0.0.1:1', keyprefix: 'x:' }), 'keyprefix', 'keyPrefix'],
  ['redisStore', () => redisStore({ comandTimeout: '1s' }), 'comandTimeout', 'commandTimeout'],
  [
    'redisStore with a client',
    () => redisStore({ client: { sendCommand: () => undefined, isOpen: true }, keyprefix: 'x:' }),
    'keyprefix',
    'keyPrefix',
  ],
  [
    'redisStore cluster',
    () => redisStore({ cluster: { rootNodes: [], rootnodes: [] } as never }),
    'rootnodes',
    'rootNodes',
  ],
  [
    'redisStore sentinel',
    () => redisStore({ sentinel: { name: 'm', sentinelRootNode: [] } as never }),
    'sentinelRootNode',
    'sentinelRootNodes',
  ],
  [
    'redisStore waitForReplicas',
    () => redisStore({ waitForReplicas: { replicas: 1, timeOut: '50ms' } as never }),
    'timeOut',
    'timeout',
  ],
  ['memoryStore', () => memoryStore({ sweepInterval: 1000 } as never), 'sweepInterval', 'sweepIntervalMs'],
  [
    'createSessions',
    () => createSessions({ store: memoryStore(), secret: 'x'.repeat(32), refreshTreshold: '1m' } as never),
    'refreshTreshold',
    'refreshThreshold',
  ],
]

describe('store options refuse unknown keys', () => {
  for (const [where, make, key, suggestion] of cases) {
    it(`${where}: "${key}" is refused, suggesting "${suggestion}"`, () => {
      const e = refusal(make)
      expect(e.code).toBe('CONFIG_INVALID')
      expect(e.message).toContain(`unknown option "${key}"`)
      expect(e.message).toContain(`did you mean "${suggestion}"`)
    })
  }

  it('node-redis options are refused where they would have no effect (with a client, cluster or sentinel)', () => {
    const client = { sendCommand: () => undefined, isOpen: true }
    expect(refusal(() => redisStore({ client, password: 'p' })).message).toContain('unknown option "password"')
    expect(refusal(() => redisStore({ cluster: { rootNodes: [] }, database: 2 })).message).toContain(
      'unknown option "database"',
    )
  })

  it('more than one way to connect is refused', () => {
    expect(refusal(() => redisStore({ url: 'redis://127.0.0.1:1', client: {} })).message).toMatch(
      /one of url, client, port, cluster or sentinel/,
    )
  })

  it('valid options, including node-redis ones for the own connection, are accepted (nothing connects)', async () => {
    const stores = [
      redisStore({
        url: 'redis://127.0.0.1:1',
        keyPrefix: 'ok:',
        commandTimeout: '1s',
        logger: console,
        waitForReplicas: { replicas: 1, timeout: '50ms' },
      }),
      redisStore({
        socket: { host: '127.0.0.1', port: 1 },
        password: 'p',
        database: 2,
        name: 'app',
        pingInterval: 1000,
      }),
      redisStore({ cluster: { rootNodes: [{ url: 'redis://127.0.0.1:1' }], useReplicas: false } }),
      redisStore({ sentinel: { name: 'm', sentinelRootNodes: [{ host: '127.0.0.1', port: 1 }], masterPoolSize: 1 } }),
      memoryStore({ sweepIntervalMs: 1000 }),
    ]
    for (const s of stores) await s.close()
  })
})

describe('redisStore({ port })', () => {
  it('takes any object with send; refuses a number or an object without send', async () => {
    const sent: string[][] = []
    const send = async (args: readonly string[]) => {
      sent.push([...args])
      return 'PONG'
    }
    const store = redisStore({ port: { send, masters: async () => [], close: async () => undefined } })
    await store.ping()
    expect(sent).toEqual([['PING']])
    await store.close()
    expect(refusal(() => redisStore({ port: 6379 as never }))).toMatchObject({
      code: 'CONFIG_INVALID',
      message: expect.stringMatching(/socket: \{ port \}/),
    })
    expect(refusal(() => redisStore({ port: {} as never })).code).toBe('CONFIG_INVALID')
  })
})
