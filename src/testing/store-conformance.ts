import { afterAll, beforeAll, describe } from 'vitest'
import { createSessions } from '../sessions/create-sessions.js'
import type { SessionsOptions } from '../config/options.js'
import type { Sessions } from '../sessions/types.js'
import type { SessionStore } from '../stores/types.js'
import { lifecycleCases } from './lifecycle-cases.js'
import { lifetimeCases } from './lifetime-cases.js'
import { listingCases } from './listing-cases.js'

/** Options of {@link runStoreConformance}. */
export interface ConformanceOptions {
  /** Called after the suite, before the store is closed: drop the keys the suite wrote. */
  cleanup?: () => Promise<void>
  /** Options every engine of the suite gets (the local-cache run passes `localCache`). */
  engine?: Partial<SessionsOptions>
}

/** Session data the suites store. */
export type SuiteData = { role: string; n?: number }

/** What each group of cases gets: an engine factory over the store under test. */
export interface SuiteContext {
  engine(o?: Partial<SessionsOptions>): Sessions<SuiteData>
}

const SECRET = 'conformance-secret-of-at-least-32-bytes!'

/**
 * Registers the store contract's conformance tests (vitest `describe`/`it`), checked through the
 * public API: lifecycle, rotation and reuse, idle and absolute expiry, per-user limits in exact
 * login order, listing, data, statistics. Every built-in store passes it; so must yours.
 * `makeStore` is called once, in `beforeAll`; the store is closed in `afterAll`.
 * @example
 * // my-store.test.ts, run by vitest
 * import { runStoreConformance } from 'jwt-sessions/testing'
 * runStoreConformance('my store', () => myStore())
 */
export function runStoreConformance(
  name: string,
  makeStore: () => SessionStore | Promise<SessionStore>,
  options: ConformanceOptions = {},
): void {
  describe(`store conformance: ${name}`, () => {
    let store: SessionStore | undefined
    const ctx: SuiteContext = {
      engine: (o = {}) => {
        if (!store) throw new Error('the store is not made yet: call engine() inside a test')
        return createSessions<SuiteData>({ store, secret: SECRET, ...options.engine, ...o })
      },
    }
    beforeAll(async () => {
      store = await makeStore()
    })
    afterAll(async () => {
      await options.cleanup?.()
      await store?.close()
    })
    lifecycleCases(ctx)
    lifetimeCases(ctx)
    listingCases(ctx)
  })
}
