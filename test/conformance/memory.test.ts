import { memoryStore } from '../../src/index.js'
import { runRateLimitConformance, runStoreConformance } from '../../src/testing/index.js'

runStoreConformance('memory', () => memoryStore())
runRateLimitConformance('memory', () => memoryStore())
