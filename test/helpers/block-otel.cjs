// Preloaded (node --require) into a child process: makes every @opentelemetry/* package
// unresolvable, as if it were not installed, and counts the attempts to resolve one.
const Module = require('node:module')
const original = Module._resolveFilename
globalThis.__otelAttempts = 0
Module._resolveFilename = function (request, ...rest) {
  if (typeof request === 'string' && request.startsWith('@opentelemetry/')) {
    globalThis.__otelAttempts++
    const err = new Error(`Cannot find module '${request}'`)
    err.code = 'MODULE_NOT_FOUND'
    throw err
  }
  return original.call(this, request, ...rest)
}
