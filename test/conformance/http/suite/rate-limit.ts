// rateLimit with the standard headers and Retry-After; loginGuard blocking and resetting.
import { describe, expect, it } from 'vitest'
import type { HttpDriver } from '../driver.js'
import { errorCode, useApp } from './context.js'

export function rateLimitSuite(driver: HttpDriver): void {
  describe(`${driver.name}: rateLimit and loginGuard`, () => {
    const app = useApp(driver)

    it('answers 429 RATE_LIMITED with Retry-After, RateLimit and RateLimit-Policy, before the route runs', async () => {
      const first = await app.post('/limited')
      expect(first.status).toBe(200)
      expect(first.headers.get('ratelimit-policy')).toBe('"conformance";q=2;w=900')
      expect(first.headers.get('ratelimit')).toBe('"conformance";r=1;t=900')
      app.now += 60_000
      expect((await app.post('/limited')).status).toBe(200)
      const third = await app.post('/limited')
      expect(third.status).toBe(429)
      expect(await third.json()).toEqual({ error: { code: 'RATE_LIMITED', message: 'Too many requests' } })
      expect(third.headers.get('retry-after')).toBe('840')
      expect(third.headers.get('ratelimit')).toBe('"conformance";r=0;t=840')
      expect(third.headers.get('cache-control')).toBe('no-store')
      app.now += 840_000
      expect((await app.post('/limited')).status).toBe(200)
    })

    it('login guard: blocks a user name after N failures, resets on success, answers 429 itself', async () => {
      const login = (user: string, password: string) =>
        fetch(`${app.base}/guarded-login?user=${user}&password=${password}`, { method: 'POST' })
      const wrong = await login('ann', 'wrong')
      expect([wrong.status, await errorCode(wrong)]).toEqual([401, 'BAD_CREDENTIALS'])
      expect((await login('ann', 'wrong')).status).toBe(401)
      expect((await login('ann', 'right')).status).toBe(200)
      for (let i = 0; i < 3; i++) expect((await login('ann', 'wrong')).status).toBe(401)
      const blocked = await login('ann', 'right')
      expect(blocked.status).toBe(429)
      expect(blocked.headers.get('retry-after')).toBe('900')
      expect(blocked.headers.get('cache-control')).toBe('no-store')
      expect(await errorCode(blocked)).toBe('RATE_LIMITED')
      expect((await login('ben', 'right')).status).toBe(200)
      app.now += 900_000
      expect((await login('ann', 'right')).status).toBe(200)
    })
  })

  describe(`${driver.name}: rateLimit keyed by user, with skipSuccessfulRequests`, () => {
    const app = useApp(driver, { rateLimit: { limit: 1, key: 'user', skipSuccessfulRequests: true } })
    it('counts only failed requests', async () => {
      for (let i = 0; i < 3; i++) expect((await app.post('/limited')).status).toBe(200)
    })
  })
}
