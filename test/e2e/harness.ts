/**
 * End-to-end harness: the demo app (createDemoApp) on a free port with short token lifetimes and a
 * real Redis under a unique prefix, the browser client bundled from source, and Debian's Chromium
 * driven by playwright-core. Counts requests on the server side.
 */
import { existsSync, mkdirSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import type { Server } from 'node:http'
import { fileURLToPath } from 'node:url'
import express from 'express'
import { chromium, type Browser, type Page } from 'playwright-core'
import { createDemoApp, type DemoSessionData } from '../../examples/demo/app.js'
import { clientBundle } from '../../examples/demo/client-bundle.js'
import { createSessions, redisStore } from '../../src/index.js'
import type { Sessions } from '../../src/sessions/types.js'
import { cleanupPrefix, redisUrl, uniquePrefix } from '../helpers/redis.js'

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const root = fileURLToPath(new URL('../../', import.meta.url))
export const SCREENSHOTS = `${root}test-artifacts/screenshots/`

/** Launches headless Chromium; fails (never skips) with the fix when it is not installed. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `The browser tests need Chromium at ${CHROMIUM}. Install it with: apt-get update && apt-get install -y chromium ` +
        '(or set CHROMIUM_PATH). .ci/run installs it.',
    )
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}

export interface Demo {
  url: string
  sessions: Sessions<DemoSessionData>
  /** Requests seen, as `METHOD path status`, in order of completion. */
  log: string[]
  count(path: string, method?: string): number
  failures(since?: number): string[]
  close(): Promise<void>
}

/** Starts the demo (cookie mode unless told otherwise) wrapped in a request-counting app. */
export async function startDemo(opts: { accessTokenTtl?: string; mode?: 'cookie' | 'header' } = {}): Promise<Demo> {
  const prefix = uniquePrefix('e2e')
  const sessions = createSessions<DemoSessionData>({
    store: redisStore({ url: redisUrl(), keyPrefix: prefix }),
    secret: 'e2e-secret-e2e-secret-e2e-secret-0123456789',
    issuer: 'jwt-sessions-demo',
    audience: 'jwt-sessions-demo',
    accessTokenTtl: opts.accessTokenTtl ?? '5s',
    refreshTokenTtl: '10m',
    sessionTtl: '1h',
  })
  const { app } = createDemoApp({ sessions, mode: opts.mode ?? 'cookie', clientBundle: await clientBundle() })
  const log: string[] = []
  const outer = express()
  outer.use((req, res, next) => {
    // Routers rewrite req.url while routing: keep the path as received.
    const path = req.originalUrl.split('?')[0]
    res.on('finish', () => log.push(`${req.method} ${path} ${res.statusCode}`))
    next()
  })
  outer.use(app)
  const server: Server = await new Promise((resolve) => {
    const s = outer.listen(0, '127.0.0.1', () => resolve(s))
  })
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    sessions,
    log,
    count: (path, method = 'POST') => log.filter((l) => l.startsWith(`${method} ${path} `)).length,
    failures: (since = 0) => log.slice(since).filter((l) => / [45]\d\d$/.test(l)),
    async close() {
      server.closeAllConnections()
      await new Promise((r) => server.close(r))
      await sessions.close()
      await cleanupPrefix(prefix)
    },
  }
}

/** Saves a screenshot of the page for people to look at (test-artifacts/, gitignored). */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true })
  await page.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage: true })
}

/** Opens the demo page and waits until its script has run. */
export async function open(page: Page, url: string): Promise<void> {
  await page.goto(url)
  await page.waitForSelector('body[data-ready="true"]')
}

/** Signs in through the form and waits for the profile. */
export async function signIn(page: Page, user = 'alice'): Promise<void> {
  await page.fill('input[name=username]', user)
  await page.fill('input[name=password]', `${user}-demo-password`)
  await page.click('#login-form button[type=submit]')
  await page.waitForSelector('[data-testid=profile]:not([hidden])')
}

/** Waits until `cond` holds (server-side conditions), polling. */
export async function until(cond: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}
