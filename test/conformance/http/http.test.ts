// The HTTP conformance suite, run against every driver in ./drivers (one file per adapter, each
// default-exporting its drivers): real servers on loopback, real requests, a real Redis.
import { readdirSync } from 'node:fs'
import type { HttpDriver } from './driver.js'
import { authSuite } from './suite/auth.js'
import { badInputSuite } from './suite/bad-input.js'
import { cookiesSuite } from './suite/cookies.js'
import { outageSuite } from './suite/outage.js'
import { rateLimitSuite } from './suite/rate-limit.js'
import { routesSuite } from './suite/routes.js'

const dir = new URL('./drivers/', import.meta.url)
const drivers: HttpDriver[] = []
for (const file of readdirSync(dir)
  .filter((f) => f.endsWith('.ts'))
  .sort()) {
  drivers.push(...((await import(new URL(file, dir).href)) as { default: HttpDriver[] }).default)
}

for (const driver of drivers) {
  authSuite(driver)
  routesSuite(driver)
  cookiesSuite(driver)
  rateLimitSuite(driver)
  badInputSuite(driver)
  outageSuite(driver)
}
