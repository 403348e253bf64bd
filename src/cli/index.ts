#!/usr/bin/env node
import { runCli } from './run.js'

/** After the command is done, anything still holding the event loop (a socket) is not waited for. */
const EXIT_GRACE_MS = 500

function exit(code: number): void {
  process.exitCode = code
  // Normally nothing is left and the process ends now; the unref'd timer only fires if something was.
  setTimeout(() => process.exit(code), EXIT_GRACE_MS).unref()
}

runCli(process.argv.slice(2)).then(exit, (err: unknown) => {
  console.error(`ERROR: ${err instanceof Error ? err.message : String(err)}`)
  exit(1)
})
