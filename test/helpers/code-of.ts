export { codeOf } from '../../src/testing/helpers.js'
