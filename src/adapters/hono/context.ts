/**
 * How the Hono adapter reads a request: Hono's `c.req.raw` is a Fetch API `Request`, so the view
 * and the body reader are the Fetch adapter's; this file adds only what a Hono `Context` knows
 * beyond it (the socket on `@hono/node-server`, Hono's body cache, the mount point of a route).
 */
import type { Context } from 'hono'
import { ConfigError } from '../../errors/index.js'
import { bodyOf } from '../fetch/view.js'

/** How the Hono adapter finds the client's address. */
export type HonoClientIp = (c: Context) => string | undefined

/** `c.env` on `@hono/node-server`: the Node request behind the `Request`. */
interface NodeBindings {
  incoming?: { socket?: { remoteAddress?: string } }
}

const nodeRequestOf = (c: Context) => (c.env as NodeBindings | undefined)?.incoming

/**
 * The default client address: the socket's on `@hono/node-server`, else undefined (Bun, Deno and
 * Workers pass the connection elsewhere: `getConnInfo` of `hono/bun`, `hono/deno`, ...).
 */
export const socketAddressOf: HonoClientIp = (c) => nodeRequestOf(c)?.socket?.remoteAddress

/**
 * The default client address for what counts per client (login guard, limiters keyed by IP): off
 * `@hono/node-server` it is unknown, and one shared bucket would let a single client lock everyone
 * out, so this refuses with a ConfigError instead.
 */
export const requiredSocketAddressOf: HonoClientIp = (c) => {
  const incoming = nodeRequestOf(c)
  if (incoming === undefined) {
    throw new ConfigError(
      'the client address is unknown off @hono/node-server: give the "clientIp" option, e.g. ' +
        '(c) => getConnInfo(c).remote.address, with the getConnInfo of hono/bun, hono/deno or hono/cloudflare-workers',
    )
  }
  return incoming.socket?.remoteAddress
}

/** Hono's per-request body cache: promises of what `c.req.json()`, `text()`, ... resolved to. */
type BodyCache = Record<string, Promise<unknown> | undefined>

/**
 * The request's JSON body (see the Fetch adapter's `bodyOf`), shared with Hono's body cache both
 * ways: a body the app read with `c.req.json()` first is still seen, and after the handlers read
 * it, `c.req.json()` in the app still works.
 */
export async function bodyOfContext(c: Context, limit: number): Promise<unknown> {
  const cache = c.req.bodyCache as BodyCache
  const appRead = Object.keys(cache).length > 0
  const body = await bodyOf(c.req.raw, limit, appRead ? () => c.req.arrayBuffer() : undefined)
  if (body !== undefined && !appRead) cache.json = Promise.resolve(body)
  return body
}

/**
 * The request path below the mount point of the route that matched (`/refresh` for
 * `/api/token/refresh` under `app.route('/api/token', ...)`), percent-encoding kept as sent.
 */
export function pathBelowMount(c: Context): string {
  // The registered pattern ('/api/token/*', '/t/:tenant/*'): as many segments as the mount point has.
  const mountSegments = c.req.routePath.split('/').filter((s) => s !== '' && s !== '*').length
  const segments = new URL(c.req.url).pathname.split('/')
  return `/${segments.slice(mountSegments + 1).join('/')}`
}
