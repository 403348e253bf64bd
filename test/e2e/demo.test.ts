/**
 * The browser client in real headless Chromium against the demo app (5 s access tokens, real Redis).
 */
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, open, screenshot, signIn, startDemo, until, type Demo } from './harness.js'

let browser: Browser
let demo: Demo
const contexts: BrowserContext[] = []

beforeAll(async () => {
  browser = await launchBrowser()
  demo = await startDemo({ accessTokenTtl: '5s' })
})
afterAll(async () => {
  await browser?.close()
  await demo?.close()
})
afterEach(async () => {
  for (const c of contexts.splice(0)) await c.close()
})

async function newPage(query = ''): Promise<Page> {
  const ctx = await browser.newContext()
  contexts.push(ctx)
  const page = await ctx.newPage()
  await open(page, `${demo.url}/${query}`)
  return page
}

const info = (page: Page) =>
  page.evaluate(() => (window as unknown as { tm: { getTokenInfo(): { expiresAt: number | null; isAuthenticated: boolean } } }).tm.getTokenInfo())
const events = (page: Page) => page.evaluate(() => (window as unknown as { demoEvents: string[] }).demoEvents)
const request = (page: Page, url: string, n = 1) =>
  page.evaluate(
    ([u, k]) =>
      Promise.all(
        Array.from({ length: k as number }, () =>
          (window as unknown as { tm: { makeAuthenticatedRequest(u: string): Promise<Response> } }).tm
            .makeAuthenticatedRequest(u as string)
            .then((r) => r.status),
        ),
      ),
    [url, n] as const,
  )
const signInVisible = (page: Page) => page.waitForSelector('[data-testid=signin]:not([hidden])', { timeout: 1000 })

describe('browser client in Chromium against the demo', () => {
  it('signs in and shows the profile', async () => {
    const page = await newPage()
    await screenshot(page, '01-sign-in-form')
    await signIn(page)
    expect(await page.textContent('[data-testid=name]')).toBe('Alice')
    expect(await page.locator('[data-testid=devices] tr').count()).toBeGreaterThanOrEqual(1)
    const cookies = await page.context().cookies()
    expect(cookies.filter((c) => c.httpOnly).map((c) => c.name).sort()).toEqual(['__Host-jwts-at', '__Secure-jwts-rt'])
    expect(await page.evaluate(() => document.cookie)).toMatch(/^__Host-jwts-csrf=/)
    await screenshot(page, '02-signed-in')
  })
})
