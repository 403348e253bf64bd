// Run only by broken-stores.test.ts, in a child vitest: the conformance suite on stores that are
// each wrong in one way, and on an unbroken control.
import { runStoreConformance } from '../../../src/testing/index.js'
import { BROKEN, CONTROL } from './stores.js'

runStoreConformance('control', CONTROL)
for (const [name, make] of Object.entries(BROKEN)) runStoreConformance(`broken: ${name}`, make)
