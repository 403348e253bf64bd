import { describe, expect, it } from 'vitest'
import { toMs } from '../../../src/client/duration.js'
import { decodeClaims } from '../../../src/client/jwt.js'
import { leaseLock, webLock } from '../../../src/client/platform.js'
import { makeState } from '../../../src/client/state.js'
import { FakeClock, memStorage } from './fakes.js'

describe('toMs', () => {
  it('parses units and passes milliseconds through', () => {
    expect(toMs('500ms', 'x')).toBe(500)
    expect(toMs('30s', 'x')).toBe(30_000)
    expect(toMs('15m', 'x')).toBe(900_000)
    expect(toMs('2h', 'x')).toBe(7_200_000)
    expect(toMs('7d', 'x')).toBe(604_800_000)
    expect(toMs('1.5s', 'x')).toBe(1500)
    expect(toMs(0, 'x')).toBe(0)
  })
  it('rejects junk with the option name', () => {
    for (const bad of ['', '15', '15 minutes', '-1s', 'm', 'Infinity'] as const) {
      expect(() => toMs(bad, 'checkInterval')).toThrow(/"checkInterval"/)
    }
    for (const bad of [-1, NaN, Infinity]) expect(() => toMs(bad, 'x')).toThrow(TypeError)
  })
})

describe('decodeClaims / makeState', () => {
  const jwt = (p: object) => `e30.${Buffer.from(JSON.stringify(p)).toString('base64url')}.sig`

  it('decodes a payload and refuses non-JWTs', () => {
    expect(decodeClaims(jwt({ sub: 'u', exp: 2 }))).toEqual({ sub: 'u', exp: 2 })
    expect(decodeClaims('rt1.opaque')).toBeNull()
    expect(decodeClaims(undefined)).toBeNull()
  })

  it('plans from the token, on the browser clock, whatever the skew', () => {
    const server = 1_900_000_000_000
    const browser = server - 600_000 // 10 minutes behind
    const at = jwt({ sub: 'u', sid: 's', iat: server / 1000, exp: server / 1000 + 900 })
    const s = makeState({ accessToken: at, refreshToken: 'r' }, browser, server, null, true)
    // the Date header is read as late as it could be (+1 s): expiry planned 1 s early at most
    expect(s.e).toBe(browser + 899_000)
    expect(s.l).toBe(900_000)
    expect(s.o).toBe(601_000)
    expect(s).toMatchObject({ g: 1, sid: 's', uid: 'u', at, rt: 'r' })
    expect(makeState({ accessToken: at }, browser, NaN, null, false)).toMatchObject({
      e: browser + 900_000,
      at: undefined,
    })
  })

  it('a TokenSet (tokenType) has expiresIn in seconds, seed 004 data in milliseconds', () => {
    expect(makeState({ tokenType: 'Bearer', expiresIn: 900 }, 0, NaN, null, false).e).toBe(900_000)
    expect(makeState({ expiresIn: 900_000 }, 0, NaN, null, false).e).toBe(900_000)
    expect(makeState({}, 0, NaN, null, false).e).toBeNaN()
  })
})

/** A small imitation of navigator.locks: exclusive, FIFO, with `signal` and `steal`. */
function fakeLocks() {
  type Req = { fn: () => Promise<unknown>; resolve: (v: unknown) => void; reject: (e: unknown) => void }
  const queue: Req[] = []
  let holder: Req | null = null
  const next = () => {
    if (holder || !queue.length) return
    const r = (holder = queue.shift()!)
    Promise.resolve()
      .then(r.fn)
      .then(r.resolve, r.reject)
      .finally(() => {
        if (holder === r) holder = null
        next()
      })
  }
  return {
    request<T>(_name: string, opts: { signal?: AbortSignal; steal?: boolean }, fn: () => Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        const r: Req = { fn, resolve: resolve as (v: unknown) => void, reject }
        if (opts.steal) {
          holder?.reject(new DOMException('stolen', 'AbortError'))
          holder = null
          queue.unshift(r)
        } else {
          queue.push(r)
          opts.signal?.addEventListener('abort', () => {
            const i = queue.indexOf(r)
            if (i >= 0) queue.splice(i, 1)
            reject(new DOMException('aborted', 'AbortError'))
          })
        }
        next()
      })
    },
  }
}

describe('cross-tab locks', () => {
  it('webLock: a frozen holder is taken over after the timeout', async () => {
    const clock = new FakeClock()
    const lock = webLock(fakeLocks(), clock, 10_000)
    const frozen = lock('l', () => new Promise<string>(() => undefined))
    frozen.catch(() => undefined)
    let ran = false
    const mine = lock('l', async () => {
      ran = true
      return 'ok'
    })
    await clock.advance(9_000)
    expect(ran).toBe(false)
    await clock.advance(2_000)
    expect(await mine).toBe('ok')
  })

  it('webLock: callers run one at a time', async () => {
    const clock = new FakeClock()
    const lock = webLock(fakeLocks(), clock, 10_000)
    let inside = 0
    let max = 0
    const work = () =>
      lock('l', async () => {
        max = Math.max(max, ++inside)
        await new Promise((r) => setTimeout(r, 2))
        inside--
      })
    await Promise.all([work(), work(), work()])
    expect(max).toBe(1)
  })

  it('leaseLock: excludes concurrent holders and takes over a dead lease', async () => {
    const clock = new FakeClock()
    const storage = memStorage()
    const lock = leaseLock(storage, clock, 5_000)
    let inside = 0
    let max = 0
    let runs = 0
    const work = () =>
      lock('l', async () => {
        max = Math.max(max, ++inside)
        runs++
        await new Promise<void>((r) => clock.setTimeout(r, 300))
        inside--
      })
    const all = Promise.all([work(), work(), work()])
    await clock.advance(3_000)
    await all
    expect(runs).toBe(3)
    expect(max).toBe(1)
    expect(storage.map.size).toBe(0)
    // A tab that died holding the lease: its lease runs out, then we go ahead.
    storage.setItem('l', JSON.stringify({ id: 'dead', until: clock.now() + 5_000 }))
    const after = work()
    await clock.advance(4_000)
    expect(runs).toBe(3)
    await clock.advance(2_000)
    await after
    expect(runs).toBe(4)
  })
})
