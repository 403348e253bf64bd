/**
 * `jwt-sessions/testing`: the conformance suites every store passes, for vitest. Run them on your
 * own store to check it against the contract (`docs/stores.md`, "Writing a store").
 * @example
 * import { runRateLimitConformance, runStoreConformance } from 'jwt-sessions/testing'
 * runStoreConformance('my store', () => myStore())
 * runRateLimitConformance('my store', () => myStore())
 */
export { runStoreConformance, type ConformanceOptions } from './store-conformance.js'
export { runRateLimitConformance } from './rate-limit-conformance.js'
export { codeOf, fakeClock, shortLifetimes } from './helpers.js'
