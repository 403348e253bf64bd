import { memoryStore } from '../../src/index.js'
import { runConformance } from './suite.js'

runConformance('memory', () => memoryStore())
