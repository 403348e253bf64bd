// Types of jwt-sessions/fetch and jwt-sessions/node as users get them (compiled against the build).
import type { IncomingMessage, ServerResponse } from 'node:http'
import { fetchSessions } from 'jwt-sessions/fetch'
import { nodeSessions } from 'jwt-sessions/node'
import { createSessions, memoryStore } from 'jwt-sessions'

const sessions = createSessions<{ theme: string }>({ store: memoryStore(), secret: 'x'.repeat(32) })

export async function fetchTypes(request: Request): Promise<Response> {
  const jwt = fetchSessions(sessions, { basePath: '/api/token' })
  const r = await jwt.authenticate(request)
  if ('response' in r) return r.response
  const theme: string = r.session.data.theme
  const id: string = r.user.id
  void [theme, id]
  // @ts-expect-error the session data type flows from createSessions
  const wrong: number = r.session.data.theme
  void wrong
  const handler = jwt.auth(async (_req, { user }, ctx: { params: Promise<{ id: string }> }) =>
    Response.json({ user, id: (await ctx.params).id }),
  )
  // @ts-expect-error the extra arguments of the wrapped handler are kept
  await handler(request)
  // @ts-expect-error unknown options are refused
  fetchSessions(sessions, { basepath: '/x' })
  return (await jwt.handle(request)) ?? Response.json({})
}

export async function nodeTypes(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const jwt = nodeSessions(sessions)
  const auth = await jwt.auth(req, res)
  if (auth === null) return
  const theme: string = auth.session.data.theme
  void theme
  const admitted: boolean = await jwt.rateLimit(5, '15m')(req, res)
  void admitted
}
