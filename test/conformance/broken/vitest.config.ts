import { defineConfig } from 'vitest/config'

// The child run of broken-stores.test.ts: memory stores only, so no global setup and no Redis.
export default defineConfig({
  test: {
    include: ['test/conformance/broken/*.suite.ts'],
    testTimeout: 30_000,
  },
})
