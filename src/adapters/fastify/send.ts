import type { FastifyReply } from 'fastify'
import type { HttpResponse } from '../../http/respond.js'

/**
 * Writes a framework-neutral {@link HttpResponse} to a Fastify reply as JSON (none for 204 or an
 * `undefined` body) and returns the reply, as an async hook or handler that answered must.
 * Headers given as arrays (several `Set-Cookie`) are sent once per value.
 *
 * @example
 * ```ts
 * app.setNotFoundHandler((request, reply) => sendFastify(reply, errorResponse(new NotFoundError())))
 * ```
 */
export function sendFastify(reply: FastifyReply, response: HttpResponse): FastifyReply {
  if (reply.sent) return reply
  for (const [name, value] of Object.entries(response.headers)) reply.header(name, value)
  reply.code(response.status)
  if (response.status === 204 || response.body === undefined) return reply.send()
  return reply.send(response.body)
}
