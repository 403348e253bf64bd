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
  page.evaluate(() =>
    (
      window as unknown as { tm: { getTokenInfo(): { expiresAt: number | null; isAuthenticated: boolean } } }
    ).tm.getTokenInfo(),
  )
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
    expect(
      cookies
        .filter((c) => c.httpOnly)
        .map((c) => c.name)
        .sort(),
    ).toEqual(['__Host-jwts-at', '__Secure-jwts-rt'])
    expect(await page.evaluate(() => document.cookie)).toMatch(/^__Host-jwts-csrf=/)
    await screenshot(page, '02-signed-in')
  })
})

describe('refresh in Chromium', () => {
  it('refreshes before expiry with no failed request', async () => {
    const page = await newPage()
    await signIn(page)
    const since = demo.log.length
    const before = demo.count('/api/token/refresh')
    const statuses: number[] = []
    // 12 s of traffic on 5 s tokens: at least two refreshes, never a 401.
    const end = Date.now() + 12_000
    while (Date.now() < end) {
      statuses.push(...(await request(page, '/api/profile')))
      await page.waitForTimeout(300)
    }
    expect(new Set(statuses)).toEqual(new Set([200]))
    expect(demo.count('/api/token/refresh') - before).toBeGreaterThanOrEqual(2)
    expect(demo.failures(since)).toEqual([])
    expect(Number(await page.textContent('[data-testid=refreshes]'))).toBeGreaterThanOrEqual(2)
    await screenshot(page, '03-after-refreshes')
  })

  it('two tabs at the moment of expiry cause exactly one refresh request', async () => {
    const a = await newPage()
    await signIn(a)
    const b = await a.context().newPage()
    await open(b, demo.url)
    await b.waitForSelector('[data-testid=profile]:not([hidden])')
    for (let cycle = 1; cycle <= 2; cycle++) {
      const before = demo.count('/api/token/refresh')
      await until(() => demo.count('/api/token/refresh') > before, 6000, 'a refresh')
      // Both tabs' timers fall due within the jitter window; give the second one time to act.
      await a.waitForTimeout(1500)
      expect(demo.count('/api/token/refresh') - before).toBe(1)
      const [ia, ib] = [await info(a), await info(b)]
      expect(ib.expiresAt).toBe(ia.expiresAt)
    }
    expect(await request(b, '/api/profile')).toEqual([200])
    await screenshot(b, '04-second-tab')
  })

  it('ten parallel requests on an expired token cause one refresh', async () => {
    const page = await newPage('?autoRefresh=0')
    await signIn(page)
    await page.waitForTimeout(5500) // the access token (and its cookie) expired
    expect((await info(page)).isAuthenticated).toBe(true)
    const since = demo.log.length
    const before = demo.count('/api/token/refresh')
    expect(await request(page, '/api/profile', 10)).toEqual(Array(10).fill(200))
    expect(demo.count('/api/token/refresh') - before).toBe(1)
    expect(demo.failures(since)).toEqual([])
  })

  it('ten parallel requests the server refuses as expired (TOKEN_MISSING) share one refresh and are retried', async () => {
    const page = await newPage('?autoRefresh=0')
    await signIn(page)
    // The page's clock runs 10 s behind: it believes the token is fresh, the browser has dropped
    // the expired cookie, so the server answers 401 and the client must refresh reactively.
    await page.evaluate(() => {
      const real = Date.now
      Date.now = () => real() - 10_000
    })
    await page.waitForTimeout(5500)
    const since = demo.log.length
    const before = demo.count('/api/token/refresh')
    expect(await request(page, '/api/profile', 10)).toEqual(Array(10).fill(200))
    expect(demo.count('/api/token/refresh') - before).toBe(1)
    expect(demo.failures(since).filter((l) => l.includes('/api/profile 401'))).toHaveLength(10)
  })
})

describe('session end in Chromium', () => {
  it('logout in one tab signs the other out within a second', async () => {
    const a = await newPage()
    await signIn(a)
    const b = await a.context().newPage()
    await open(b, demo.url)
    await b.waitForSelector('[data-testid=profile]:not([hidden])')
    // Measured in the pages (one machine clock): from the click to the other tab's logout event,
    // whose handler also shows the sign-in form.
    // A DOM click: Playwright's actionability checks wait for animation frames, which a background
    // tab only gets once a second.
    const t0 = await a.evaluate(() => {
      ;(document.querySelector('[data-testid=logout]') as HTMLButtonElement).click()
      return Date.now()
    })
    await signInVisible(b)
    const at = await b.evaluate(() => {
      const w = window as unknown as { demoEvents: string[]; demoEventTimes: number[] }
      return w.demoEventTimes[w.demoEvents.indexOf('logout (another tab)')]
    })
    expect(at! - t0).toBeLessThan(1000)
    expect((await info(b)).isAuthenticated).toBe(false)
    expect(await events(b)).toContain('logout (another tab)')
    await screenshot(b, '05-signed-out-by-other-tab')
  })

  it('a session revoked from another browser emits sessionExpired and shows the sign-in form', async () => {
    const victim = await newPage()
    await signIn(victim)
    const other = await newPage()
    await signIn(other)
    const victimSession = await victim.evaluate(
      () => (window as unknown as { tm: { getTokenInfo(): { sessionId: string } } }).tm.getTokenInfo().sessionId,
    )
    // Earlier tests left other sessions of alice alive: pick the victim's row.
    await other.click(`tr[data-session-id="${victimSession}"] [data-testid=revoke]`)
    await until(
      () => demo.log.some((l) => l.startsWith('DELETE /api/token/sessions/') && l.endsWith(' 200')),
      2000,
      'the revoke',
    )
    // The victim learns at its next refresh (5 s tokens) or request.
    await victim.waitForSelector('[data-testid=signin]:not([hidden])', { timeout: 8000 })
    const ev = await events(victim)
    expect(ev.filter((e) => e.startsWith('sessionExpired'))).toHaveLength(1)
    expect(await victim.textContent('[data-testid=notice]')).toMatch(/Your session has ended/)
    await screenshot(victim, '06-revoked-elsewhere')
    expect((await info(other)).isAuthenticated).toBe(true)
  })

  it('a refresh-token reuse attempt ends the session', async () => {
    const page = await newPage()
    await signIn(page)
    const cookies = await page.context().cookies()
    const rt = cookies.find((c) => c.name.endsWith('jwts-rt'))!
    const csrf = cookies.find((c) => c.name.endsWith('jwts-csrf'))!
    // The legitimate tab rotates twice: the stolen copy is now older than the grace allows.
    for (let i = 0; i < 2; i++) {
      expect(
        await page.evaluate(() =>
          (window as unknown as { tm: { refreshAccessToken(): Promise<boolean> } }).tm.refreshAccessToken(),
        ),
      ).toBe(true)
    }
    const res = await fetch(`${demo.url}/api/token/refresh`, {
      method: 'POST',
      headers: {
        cookie: `${rt.name}=${rt.value}; ${csrf.name}=${csrf.value}`,
        'x-csrf-token': decodeURIComponent(csrf.value),
        'content-type': 'application/json',
        origin: demo.url,
      },
      body: '{}',
    })
    expect(res.status).toBe(401)
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('REFRESH_TOKEN_REUSED')
    expect(await request(page, '/api/profile')).toEqual([401])
    await signInVisible(page)
    expect((await events(page)).filter((e) => e.startsWith('sessionExpired'))).toHaveLength(1)
    await screenshot(page, '07-reuse-detected')
  })
})

describe('the demo page', () => {
  /** Signs `user` in from `n` separate browsers, so the device list has `n` rows; returns the last page. */
  async function devices(n: number, width: number): Promise<Page> {
    let page: Page | undefined
    for (let i = 0; i < n; i++) {
      const ctx = await browser.newContext({ viewport: { width, height: 800 } })
      contexts.push(ctx)
      page = await ctx.newPage()
      await open(page, demo.url)
      await signIn(page, 'bob')
    }
    const last = page as Page
    await last.reload()
    await last.waitForSelector('[data-testid=profile]:not([hidden])')
    await last.waitForFunction((k) => document.querySelectorAll('[data-testid=devices] tr').length >= k, n)
    return last
  }

  const overflow = (page: Page) =>
    page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, view: document.documentElement.clientWidth }))

  for (const width of [375, 1280]) {
    it(`at ${width} px the page does not scroll sideways (screenshot ${width}px)`, async () => {
      const page = await devices(3, width)
      const { scroll, view } = await overflow(page)
      expect(view).toBe(width)
      expect(scroll).toBeLessThanOrEqual(view)
      await screenshot(page, `08-devices-${width}px`)
    })
  }

  it('rows tell sessions apart and name the browser and system, not a raw user agent', async () => {
    const page = await devices(2, 1280)
    const ids = await page.locator('[data-testid=session-id]').allTextContents()
    expect(ids.length).toBeGreaterThanOrEqual(2)
    const shown = ids.map((t) => t.replace(' (this one)', ''))
    expect(new Set(shown).size).toBe(shown.length)
    for (const t of shown) expect(t).toMatch(/^…[A-Za-z0-9_-]{8}$/)
    for (const d of await page.locator('[data-testid=device] .device').allTextContents()) {
      expect(d).toMatch(/^Chrome \d+ on Linux$/)
    }
  })

  it('"Log out everywhere" asks first: cancel keeps the session, confirm ends every one', async () => {
    const page = await devices(2, 1280)
    const asked: string[] = []
    page.once('dialog', (d) => {
      asked.push(d.message())
      void d.dismiss()
    })
    await page.click('[data-testid=logout-all]')
    await page.waitForTimeout(300)
    expect(asked).toHaveLength(1)
    expect(asked[0]).toMatch(/^Log out on all \d+ devices, this one included\?$/)
    expect((await info(page)).isAuthenticated).toBe(true)
    page.once('dialog', (d) => void d.accept())
    await page.click('[data-testid=logout-all]')
    await signInVisible(page)
    expect(await demo.sessions.list('bob')).toEqual([])
  })

  it('has a favicon: the declared icon and /favicon.ico are served', async () => {
    const page = await newPage()
    const href = await page.getAttribute('link[rel=icon]', 'href')
    expect(href).toBeTruthy()
    const icon = await fetch(new URL(href ?? '', demo.url))
    expect(icon.status).toBe(200)
    expect(icon.headers.get('content-type')).toMatch(/^image\/svg\+xml/)
    const ico = await fetch(`${demo.url}/favicon.ico`)
    expect(ico.status).toBe(200)
    expect(demo.failures().filter((l) => l.includes('favicon'))).toEqual([])
  })
})
