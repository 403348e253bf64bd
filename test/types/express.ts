// Express typing as users get it from the built package: req.user always, the request session typed
// through the JwtSessionsTypes registry. Compiled by test/integration/package-exports.test.ts.
import express from 'express'
import { createSessions, memoryStore } from 'jwt-sessions'
import { expressSessions, type AuthedRequest } from 'jwt-sessions/express'

declare module 'jwt-sessions/express' {
  interface JwtSessionsTypes {
    data: { role: 'admin' | 'user' }
  }
}

const sessions = createSessions<{ role: 'admin' | 'user' }>({ store: memoryStore(), secret: 'x'.repeat(32) })
const jwt = expressSessions(sessions)
const app = express()

app.get('/profile', jwt.auth, (req, res) => {
  const id: string | undefined = req.user?.id
  const role: 'admin' | 'user' | undefined = req.session?.data.role
  // @ts-expect-error the registered data type has no `plan`
  const plan = req.session?.data.plan
  void plan
  res.json({ id, role, session: req.session?.toJSON() })
})

export function handler(req: AuthedRequest<{ n: number }>): number {
  // @ts-expect-error n is a number
  const s: string = req.session.data.n
  void s
  return req.session.data.n + req.user.id.length
}
