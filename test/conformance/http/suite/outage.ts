// A session store that does not answer: 503 STORE_UNAVAILABLE with Retry-After, never a 500 or a hang.
import { describe, expect, it } from 'vitest'
import { createSessions, memoryStore } from '../../../../src/index.js'
import type { HttpDriver } from '../driver.js'
import { SECRET, useApp } from './context.js'

export function outageSuite(driver: HttpDriver): void {
  describe(`${driver.name}: the store is down`, () => {
    const app = useApp(driver, { unreachableStore: true })

    const expect503 = async (r: Response) => {
      expect(r.status).toBe(503)
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
      expect(r.headers.get('cache-control')).toBe('no-store')
      expect(((await r.json()) as { error: { code: string } }).error.code).toBe('STORE_UNAVAILABLE')
    }

    it('auth, refresh, logout and the token routes answer 503 with Retry-After', async () => {
      // A well-signed token from another engine on the same secret: only the store check can fail.
      const { accessToken, refreshToken } = await createSessions({ store: memoryStore(), secret: SECRET }).create(
        'olga',
      )
      const bearer = { authorization: `Bearer ${accessToken}` }
      await expect503(await app.get('/profile', accessToken))
      await expect503(await app.get('/feed', accessToken))
      await expect503(await app.post('/refresh', { refreshToken }))
      await expect503(await app.post('/api/token/refresh', { refreshToken }))
      await expect503(await app.post('/logout-all', undefined, bearer))
      await expect503(await app.get('/api/token/sessions', accessToken))
      const health = await app.get('/api/token/health')
      expect(health.status).toBe(503)
      expect(await health.json()).toMatchObject({
        success: false,
        error: { code: 'STORE_UNAVAILABLE' },
        data: { status: 'unavailable' },
      })
    })

    it('rate limiting and the login guard fail closed with 503', async () => {
      await expect503(await app.post('/limited'))
      await expect503(await fetch(`${app.base}/guarded-login?user=ann&password=right`, { method: 'POST' }))
    })
  })
}
