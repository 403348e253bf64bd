import { StoreUnavailableError } from '../../errors/index.js'
import { describeRedisError } from './describe-error.js'
import type { RedisPort } from './port.js'

/** The part of a node-redis client, cluster or sentinel that the connection lifecycle uses. */
export interface OwnClient {
  on(event: string, fn: (...args: unknown[]) => void): unknown
  off?(event: string, fn: (...args: unknown[]) => void): unknown
  connect(): Promise<unknown>
  close?(): Promise<unknown>
  destroy?(): unknown
  readonly isReady?: boolean
}

/**
 * The lifecycle of a connection the library opened: connect on the first call (never at
 * construction, so a process that only builds and closes a store opens no socket), fail fast with
 * what went wrong while the connection is down, and a `close()` that lets the process exit in
 * every state: never connected, connecting, connected, reconnecting, refused, stalled.
 * @example const port = lazyConnection(client, portFor(client, true), 1000)
 */
export function lazyConnection(client: OwnClient, inner: RedisPort, closeWithinMs: number): RedisPort {
  let started = false
  let closed = false
  // The error of the current outage (connection refused, auth failed, ...), cleared once ready.
  let failure: unknown
  // Settles at the next 'ready' or 'error' while a connection is being made; shared by all callers.
  let attempt: { promise: Promise<void>; settle: (err?: unknown) => void } | undefined

  const settleAttempt = (err?: unknown) => {
    const a = attempt
    attempt = undefined
    a?.settle(err)
  }
  client.on('error', (err: unknown) => {
    failure = err
    settleAttempt(err)
  })
  client.on('ready', () => {
    failure = undefined
    // node-redis finishes a connection attempt even after destroy() raced it: end it again.
    if (closed) client.destroy?.()
    settleAttempt()
  })
  client.on('connect', () => {
    if (closed) client.destroy?.()
  })

  const whenReady = (): Promise<void> => {
    if (closed) return Promise.reject(new StoreUnavailableError('The Redis store is closed'))
    if (client.isReady) return Promise.resolve()
    if (!started) {
      started = true
      // Clusters and Sentinel signal readiness by connect() resolving, single nodes also by 'ready'.
      client.connect().then(
        () => (closed ? client.destroy?.() : settleAttempt()),
        (err: unknown) => {
          if (closed) return
          failure ??= err
          settleAttempt(err)
        },
      )
    } else if (failure !== undefined) {
      // Down and reconnecting: say why at once instead of waiting for the call's deadline.
      return Promise.reject(new StoreUnavailableError(describeRedisError(failure), { cause: failure }))
    }
    if (!attempt) {
      let settle!: (err?: unknown) => void
      const promise = new Promise<void>((resolve, reject) => {
        settle = (err) =>
          err === undefined ? resolve() : reject(new StoreUnavailableError(describeRedisError(err), { cause: err }))
      })
      // Nobody may be waiting when it settles.
      promise.catch(() => undefined)
      attempt = { promise, settle }
    }
    return attempt.promise
  }

  return {
    send: async (args, key) => {
      await whenReady()
      return inner.send(args, key)
    },
    masters: async () => {
      await whenReady()
      return inner.masters()
    },
    close: async () => {
      if (closed) return
      closed = true
      settleAttempt(new StoreUnavailableError('The Redis store is closed'))
      if (!started) return
      if (client.isReady) {
        // Let calls in flight finish, but a stalled server never answers: bounded, then torn down.
        let timer: NodeJS.Timeout | undefined
        const bound = new Promise<void>((resolve) => {
          timer = setTimeout(resolve, closeWithinMs)
          timer.unref()
        })
        await Promise.race([inner.close().catch(() => undefined), bound])
        clearTimeout(timer)
      }
      // Connecting, reconnecting or refused: stop the reconnect loop and drop any socket.
      client.destroy?.()
    },
  }
}
