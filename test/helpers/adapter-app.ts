// The frame of an adapter's own tests (what the HTTP conformance suite does not cover): an engine on
// the test Redis under a fresh key prefix, the adapter's app on a real loopback server, and all of
// it closed and cleaned up after the file.
import type { Server } from 'node:http'
import { afterAll, beforeAll } from 'vitest'
import { createSessions, redisStore, type Sessions } from '../../src/index.js'
import { listening } from '../conformance/http/listen.js'
import { cleanupPrefix, redisUrl, uniquePrefix } from './redis.js'

/** The running app: read its fields inside tests (they are set by `beforeAll`). */
export interface AdapterApp {
  readonly sessions: Sessions
  /** `http://127.0.0.1:<port>` */
  readonly base: string
}

/** Registers the hooks that start the app `build` makes (a node:http server) and stop it. */
export function useAdapterApp(tag: string, build: (sessions: Sessions) => Server | Promise<Server>): AdapterApp {
  const prefix = uniquePrefix(tag)
  const app = {} as { sessions: Sessions; base: string; close: () => Promise<void> }
  beforeAll(async () => {
    app.sessions = createSessions({
      store: redisStore({ url: redisUrl(), keyPrefix: prefix }),
      secret: `${tag}-`.repeat(40),
    })
    Object.assign(app, await listening(await build(app.sessions)))
  })
  afterAll(async () => {
    await app.close?.()
    await app.sessions?.close()
    await cleanupPrefix(prefix)
  })
  return app
}
