import { defineConfig } from 'vitest/config'

// The child run of testing-entry.test.ts: the built `jwt-sessions/testing` entry on the memory store.
export default defineConfig({ test: { include: ['test/integration/testing-entry/*.suite.ts'], testTimeout: 30_000 } })
