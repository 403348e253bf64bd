import { parsedBody } from '../../http/body.js'
import { FrameworkView } from '../../http/framework-view.js'
import type { HttpRequestView } from '../../http/request.js'
import { bodyOf as readNodeBody } from '../node/view.js'
import type { KoaContext } from './types.js'

/** Where body parsers for Koa (koa-bodyparser, @koa/bodyparser, koa-body) leave the parsed body. */
type WithBody = { body?: unknown }

/**
 * The client's address as Koa resolves it: `ctx.ip`, which reads `X-Forwarded-For` only when the
 * app trusts its proxy (`app.proxy = true`). Koa gives `''` when unknown.
 */
export function ipOf(ctx: KoaContext): string | undefined {
  return ctx.ip === '' ? undefined : ctx.ip
}

/**
 * The neutral view of a Koa context: its `ctx.request`, which has the method, the headers, the body a
 * parser left and lazy `query` and `ip` (Koa parses the query string and the proxy headers on first
 * access). Koa has no parsed cookie map (`ctx.cookies` reads one by name), so the core parses the
 * `Cookie` header.
 */
export const viewOf = (ctx: KoaContext): HttpRequestView => new FrameworkView(ctx.request, ctx.originalUrl)

/**
 * The request's JSON body with `limit` bytes at most: the one a body parser left on
 * `ctx.request.body`, else read from `ctx.req` here. Kept on `ctx.request.body`, so later
 * middleware (and a body parser mounted after the adapter, which then skips) see it.
 */
export async function bodyOf(ctx: KoaContext, limit: number): Promise<unknown> {
  const request = ctx.request as WithBody
  if (request.body !== undefined) return parsedBody(request.body, ctx.headers)
  const body = await readNodeBody(ctx.req, limit)
  if (body !== undefined) request.body = body
  return body
}
