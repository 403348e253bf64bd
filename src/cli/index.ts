#!/usr/bin/env node
import { runCli } from './run.js'

runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  (err: unknown) => {
    console.error(`ERROR: ${err instanceof Error ? err.message : String(err)}`)
    process.exitCode = 1
  },
)
