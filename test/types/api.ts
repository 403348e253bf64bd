// Compiled by test/integration/package-exports.test.ts with tsc against the BUILT package (self-reference
// by name), so these are the types users get. Each @ts-expect-error is a negative test.
import {
  createSessions,
  memoryStore,
  redisStore,
  ConfigError,
  type JwtSessionsErrorCode,
  type SessionContext,
  type TokenSet,
} from 'jwt-sessions'

const sessions = createSessions<{ role: 'admin' | 'user' }>({ store: memoryStore(), secret: 'x'.repeat(32) })

export async function typed(): Promise<void> {
  const t: TokenSet = await sessions.create('u', { data: { role: 'admin' } })
  const ctx: SessionContext<{ role: 'admin' | 'user' }> = await sessions.verify(t.accessToken)
  const role: 'admin' | 'user' = ctx.data.role
  void role
  // @ts-expect-error data must match the session data type
  await sessions.create('u', { data: { role: 'root' } })
  // @ts-expect-error update takes the session data type
  await sessions.update(t.sessionId, { nope: true })
  sessions.on('evicted', (e) => {
    const id: string = e.sessionId
    void id
  })
  // @ts-expect-error unknown event
  sessions.on('exploded', () => undefined)
  // @ts-expect-error keyPrefix is a string
  redisStore({ keyPrefix: 5 })
  const code: JwtSessionsErrorCode = new ConfigError('x').code
  // @ts-expect-error codes are a closed union
  const bad: JwtSessionsErrorCode = 'SOMETHING_ELSE'
  void code
  void bad
}
