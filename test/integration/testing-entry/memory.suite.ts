// Run only by testing-entry.test.ts: what a store author writes, against the built package.
import { memoryStore } from 'jwt-sessions'
import { runRateLimitConformance, runStoreConformance } from 'jwt-sessions/testing'

runStoreConformance('memory, through the package', () => memoryStore())
runRateLimitConformance('memory, through the package', () => memoryStore())
