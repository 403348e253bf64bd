/**
 * The demo in header mode (tokens in JSON bodies, access token in memory, refresh token in
 * sessionStorage, shared with a second tab over BroadcastChannel) in headless Chromium.
 */
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, open, screenshot, signIn, startDemo, until, type Demo } from './harness.js'

let browser: Browser
let demo: Demo

beforeAll(async () => {
  browser = await launchBrowser()
  demo = await startDemo({ accessTokenTtl: '5s', mode: 'header' })
})
afterAll(async () => {
  await browser?.close()
  await demo?.close()
})

describe('header mode in Chromium', () => {
  it('no cookies, bearer requests, a second tab gets the session, one refresh per expiry', async () => {
    const ctx = await browser.newContext()
    try {
      const a = await ctx.newPage()
      await open(a, demo.url)
      await signIn(a)
      expect(await ctx.cookies()).toEqual([])
      const stored = await a.evaluate(() => JSON.stringify({ ...sessionStorage }) + JSON.stringify({ ...localStorage }))
      const at = await a.evaluate(() => (window as unknown as { tm: { getAccessToken(): string } }).tm.getAccessToken())
      expect(at).toMatch(/^eyJ/)
      expect(stored).not.toContain(at)
      const b = await ctx.newPage()
      await open(b, demo.url)
      await b.waitForSelector('[data-testid=profile]:not([hidden])')
      const since = demo.log.length
      const before = demo.count('/api/token/refresh')
      await until(() => demo.count('/api/token/refresh') > before, 6000, 'a refresh')
      await a.waitForTimeout(1500)
      expect(demo.count('/api/token/refresh') - before).toBe(1)
      const tokens = await Promise.all(
        [a, b].map((p) =>
          p.evaluate(() => (window as unknown as { tm: { getAccessToken(): string } }).tm.getAccessToken()),
        ),
      )
      expect(tokens[0]).toBe(tokens[1])
      expect(tokens[0]).not.toBe(at)
      expect(demo.failures(since)).toEqual([])
      await screenshot(b, '08-header-mode-second-tab')
    } finally {
      await ctx.close()
    }
  })
})
