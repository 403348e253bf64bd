import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RateLimitStore } from '../stores/types.js'

/**
 * Registers the rate-limit conformance tests (vitest): exact under concurrency, sliding window,
 * block, reset, refund. Time is the caller's `now`, so the tests control it exactly (no sleeping).
 * `close` is called after the suite when the store has one.
 * @example
 * import { runRateLimitConformance } from 'jwt-sessions/testing'
 * runRateLimitConformance('my store', () => myStore())
 */
export function runRateLimitConformance(
  name: string,
  makeStore: () =>
    | (RateLimitStore & { close?(): Promise<void> })
    | Promise<RateLimitStore & { close?(): Promise<void> }>,
): void {
  describe(`rate limit conformance: ${name}`, () => {
    let store: RateLimitStore & { close?(): Promise<void> }
    let n = 0
    const bucket = () => `b${++n}:${Math.random().toString(36).slice(2)}`
    const T0 = 1_800_000_000_000
    beforeAll(async () => {
      store = await makeStore()
    })
    afterAll(() => store?.close?.())

    it('admits exactly the limit out of 200 parallel hits', async () => {
      const b = bucket()
      const ds = await Promise.all(Array.from({ length: 200 }, () => store.hit(b, 50, 60_000, 0, T0)))
      expect(ds.filter((d) => d.allowed)).toHaveLength(50)
      expect(
        ds
          .filter((d) => d.allowed)
          .map((d) => d.remaining)
          .sort((a, b) => a - b),
      ).toEqual(Array.from({ length: 50 }, (_, i) => i))
      const refused = ds.filter((d) => !d.allowed)
      expect(refused.every((d) => d.remaining === 0 && d.retryAfterMs === 60_000)).toBe(true)
    })

    it('slides: a slot opens exactly when the oldest hit leaves the window', async () => {
      const b = bucket()
      expect((await store.hit(b, 2, 1000, 0, T0)).allowed).toBe(true)
      expect((await store.hit(b, 2, 1000, 0, T0 + 400)).allowed).toBe(true)
      const full = await store.hit(b, 2, 1000, 0, T0 + 500)
      expect(full).toEqual({ allowed: false, remaining: 0, retryAfterMs: 500, resetMs: 900 })
      expect((await store.hit(b, 2, 1000, 0, T0 + 999)).allowed).toBe(false)
      const again = await store.hit(b, 2, 1000, 0, T0 + 1000)
      expect(again).toEqual({ allowed: true, remaining: 0, retryAfterMs: 0, resetMs: 1000 })
      // The hit at +400 still counts until +1400.
      expect(await store.hit(b, 2, 1000, 0, T0 + 1399)).toMatchObject({ allowed: false, retryAfterMs: 1 })
      expect(await store.hit(b, 2, 1000, 0, T0 + 1400)).toMatchObject({ allowed: true, remaining: 0 })
    })

    it('reports remaining and the time until the bucket is empty', async () => {
      const b = bucket()
      expect(await store.hit(b, 3, 10_000, 0, T0)).toEqual({
        allowed: true,
        remaining: 2,
        retryAfterMs: 0,
        resetMs: 10_000,
      })
      expect(await store.hit(b, 3, 10_000, 0, T0 + 2500)).toEqual({
        allowed: true,
        remaining: 1,
        retryAfterMs: 0,
        resetMs: 10_000,
      })
    })

    it('refused hits are not recorded, so hammering never pushes the reset out', async () => {
      const b = bucket()
      await store.hit(b, 1, 1000, 0, T0)
      for (let t = 1; t < 1000; t += 100) expect((await store.hit(b, 1, 1000, 0, T0 + t)).allowed).toBe(false)
      expect((await store.hit(b, 1, 1000, 0, T0 + 1000)).allowed).toBe(true)
    })

    it('blocks for blockDuration once over the limit, without extending on further hits', async () => {
      const b = bucket()
      await store.hit(b, 2, 1000, 5000, T0)
      await store.hit(b, 2, 1000, 5000, T0)
      expect(await store.hit(b, 2, 1000, 5000, T0 + 10)).toEqual({
        allowed: false,
        remaining: 0,
        retryAfterMs: 5000,
        resetMs: 5000,
      })
      expect(await store.hit(b, 2, 1000, 5000, T0 + 3000)).toMatchObject({ allowed: false, retryAfterMs: 2010 })
      expect((await store.hit(b, 2, 1000, 5000, T0 + 5009)).allowed).toBe(false)
      expect(await store.hit(b, 2, 1000, 5000, T0 + 5010)).toMatchObject({ allowed: true, remaining: 1 })
    })

    it('a block shorter than the window changes nothing', async () => {
      const b = bucket()
      await store.hit(b, 1, 10_000, 1000, T0)
      expect(await store.hit(b, 1, 10_000, 1000, T0 + 1)).toMatchObject({ allowed: false, retryAfterMs: 9999 })
    })

    it('resetBucket forgets hits and blocks', async () => {
      const b = bucket()
      await store.hit(b, 1, 60_000, 60_000, T0)
      expect((await store.hit(b, 1, 60_000, 60_000, T0)).allowed).toBe(false)
      await store.resetBucket(b)
      expect(await store.hit(b, 1, 60_000, 60_000, T0 + 1)).toMatchObject({ allowed: true, remaining: 0 })
    })

    it('refunds one hit, also among hits of the same millisecond', async () => {
      const refund = (b: string, at: number) => store.refundHit(b, at)
      const b = bucket()
      await Promise.all([1, 2, 3].map(() => store.hit(b, 3, 60_000, 0, T0)))
      expect(await refund(b, T0)).toBe(true)
      expect(await store.hit(b, 3, 60_000, 0, T0 + 1)).toMatchObject({ allowed: true, remaining: 0 })
      expect((await store.hit(b, 3, 60_000, 0, T0 + 2)).allowed).toBe(false)
      // Two refunds, then the same millisecond again: numbering stays gap-free, so both new hits count.
      expect(await refund(b, T0)).toBe(true)
      expect(await refund(b, T0)).toBe(true)
      await store.hit(b, 3, 60_000, 0, T0)
      await store.hit(b, 3, 60_000, 0, T0)
      expect((await store.hit(b, 3, 60_000, 0, T0 + 3)).allowed).toBe(false)
      expect(await refund(b, T0 + 42)).toBe(false)
    })

    it('separate buckets are independent', async () => {
      const [a, c] = [bucket(), bucket()]
      await store.hit(a, 1, 60_000, 0, T0)
      expect((await store.hit(c, 1, 60_000, 0, T0)).allowed).toBe(true)
    })
  })
}
