// Brute-force guard on the memory store with an injected clock.
import { describe, expect, it } from 'vitest'
import { ConfigError, memoryStore, RateLimitedError } from '../../src/index.js'
import { LoginGuardCore } from '../../src/http/rate-limit/login-guard.js'

const T0 = 1_800_000_000_000

function guard(o: ConstructorParameters<typeof LoginGuardCore>[1] = {}) {
  const clock = { now: T0 }
  const g = new LoginGuardCore(memoryStore(), {
    maxFailures: 3,
    maxFailuresPerIp: 10,
    window: '15m',
    block: '1h',
    clock: () => clock.now,
    ...o,
  })
  return { g, clock }
}

const refusedWith = async (p: Promise<unknown>) => {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(RateLimitedError)
  return err as RateLimitedError
}

describe('LoginGuardCore', () => {
  it('blocks a username after maxFailures failures, for the block duration, from any IP', async () => {
    const { g, clock } = guard()
    for (let i = 0; i < 3; i++) await (await g.begin(`198.51.100.${i}`, 'Alice')).fail()
    const err = await refusedWith(g.begin('192.0.2.50', ' alice '))
    expect(err.code).toBe('RATE_LIMITED')
    expect(err.retryAfterMs).toBe(3_600_000)
    clock.now += 3_600_000 - 1
    await refusedWith(g.begin('192.0.2.50', 'alice'))
    clock.now += 1
    expect((await g.begin('192.0.2.50', 'alice')).remaining).toBe(2)
  })

  it('counts per IP separately from usernames', async () => {
    const { g } = guard({ maxFailuresPerIp: 4 })
    for (let i = 0; i < 4; i++) await (await g.begin('203.0.113.1', `user${i}`)).fail()
    await refusedWith(g.begin('203.0.113.1', 'fresh-user'))
    expect((await g.begin('203.0.113.2', 'fresh-user')).remaining).toBe(2)
  })

  it('a success clears the username and takes the attempt back from the IP', async () => {
    const { g } = guard({ maxFailuresPerIp: 3 })
    await (await g.begin('203.0.113.1', 'bob')).fail()
    await (await g.begin('203.0.113.1', 'bob')).fail()
    await (await g.begin('203.0.113.1', 'bob')).succeed()
    // Username cleared: three more failures allowed; the IP holds two failures, so one more.
    const a = await g.begin('203.0.113.1', 'bob')
    expect(a.remaining).toBe(2)
    await a.fail()
    await refusedWith(g.begin('203.0.113.1', 'carol'))
  })

  it('admits exactly maxFailures of many parallel guesses', async () => {
    const { g } = guard({ maxFailures: 5, maxFailuresPerIp: 1000 })
    const results = await Promise.allSettled(Array.from({ length: 100 }, (_, i) => g.begin(`10.0.${i}.1`, 'victim')))
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5)
  })

  it('a refused attempt does not count against the bucket that admitted it', async () => {
    const { g } = guard({ maxFailures: 1, maxFailuresPerIp: 2 })
    await (await g.begin('203.0.113.1', 'dave')).fail()
    for (let i = 0; i < 5; i++) await refusedWith(g.begin('203.0.113.1', 'dave'))
    // The IP holds only dave's one real failure.
    expect((await g.begin('203.0.113.1', 'erin')).remaining).toBe(0)
  })

  it('counts only the IP when there is no usable username', async () => {
    const { g } = guard({ maxFailuresPerIp: 1 })
    await g.begin('203.0.113.1', undefined)
    await refusedWith(g.begin('203.0.113.1', ''))
  })

  it('validates options', () => {
    expect(() => new LoginGuardCore(memoryStore(), { maxFailures: 0 })).toThrow(ConfigError)
    expect(() => new LoginGuardCore(memoryStore(), { window: 'x' })).toThrow(/window/)
    expect(() => new LoginGuardCore(memoryStore(), { onStoreError: 'nope' as never })).toThrow(/onStoreError/)
    expect(() => new LoginGuardCore({} as never)).toThrow(/store/)
  })
})
