// Child process of close-exits.test.ts: brings a Redis store into one connection state, calls
// `sessions.close()`, prints `closed <ms>` and then does nothing: the process must exit by itself.
// argv: <state> <redis url>. The parent drives the server (kill, SIGSTOP) when told `ready`.
import { createSessions, redisStore } from '../../src/index.js'

const [state, url] = process.argv.slice(2) as [string, string]
const store = redisStore({ url, keyPrefix: 'test:close:', commandTimeout: 300, logger: { warn: () => undefined } })
const sessions = createSessions({ store, secret: 'close-child-secret-of-at-least-32-bytes' })
const settle = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: { code?: string }) => e.code ?? String(e),
  )
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Pings until the answer is `want` ('ok' or an error code), for at most 10 s. */
async function until(want: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if ((await settle(store.ping())) === want) return
    await sleep(50)
  }
  throw new Error(`ping never answered ${want}`)
}

async function main(): Promise<void> {
  switch (state) {
    case 'never-connected':
      break
    case 'connecting':
      // The first call starts the connection; close() comes before it can be established.
      void settle(sessions.list('u'))
      break
    case 'connected':
      await until('ok')
      break
    case 'refused':
      // Nothing listens at the url: the connection is refused and the client keeps retrying.
      await until('STORE_UNAVAILABLE')
      await sleep(200)
      break
    case 'reconnecting':
      await until('ok')
      console.log('ready') // the parent kills the server now
      await until('STORE_UNAVAILABLE')
      break
    case 'stalled':
      await until('ok')
      console.log('ready') // the parent SIGSTOPs the server now
      await until('STORE_UNAVAILABLE')
      void settle(sessions.list('u')) // a call still in flight at close()
      break
    case 'stalled-at-connect':
      // The parent stopped the server before we started: TCP connects, the handshake never answers.
      await until('STORE_UNAVAILABLE')
      break
    default:
      throw new Error(`unknown state ${state}`)
  }
  const start = Date.now()
  await sessions.close()
  console.log(`closed ${Date.now() - start}`)
}

main().catch((err: unknown) => {
  console.log(`error ${String(err)}`)
  process.exitCode = 1
})
