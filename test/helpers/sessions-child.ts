/**
 * Child process: one `createSessions` engine on a Redis, driven over IPC by a test or a bench.
 * `node --import tsx test/helpers/sessions-child.ts <redisUrl> <keyPrefix> <engine options JSON>`.
 * Messages `{ id, op, args }`; answers `{ id, ok: true, value }` or `{ id, ok: false, code }`.
 * `waitRefused` polls verify until the token is refused and answers the wall-clock time it was.
 */
import { createSessions, redisStore } from '../../src/index.js'

const [url, keyPrefix, json] = process.argv.slice(2)
if (!url || !keyPrefix || !process.send) {
  console.error('usage: sessions-child.ts <redisUrl> <keyPrefix> [options JSON] (with an IPC channel)')
  process.exit(2)
}
const sessions = createSessions({
  store: redisStore({ url, keyPrefix }),
  secret: 'sessions-child-secret-of-32-bytes-or-more',
  ...(JSON.parse(json ?? '{}') as object),
})

const wallNow = () => performance.timeOrigin + performance.now()
type Op = (...args: never[]) => Promise<unknown>
const ops: Record<string, Op> = {
  create: (user: string, opts?: object) => sessions.create(user, opts),
  verify: async (token: string) => (await sessions.verify(token)).data ?? null,
  revoke: (idOrToken: string) => sessions.revoke(idOrToken),
  revokeAll: (user: string) => sessions.revokeAll(user),
  /** Revokes and answers when the call started and when it resolved (wall clock, ms). */
  revokeTimed: async (idOrToken: string) => {
    const start = wallNow()
    await sessions.revoke(idOrToken)
    return { start, end: wallNow() }
  },
  update: (sid: string, data: unknown) => sessions.update(sid, data),
  refresh: (rt: string) => sessions.refresh(rt),
  waitRefused: async (token: string, limitMs: number) => {
    const until = Date.now() + limitMs
    for (;;) {
      try {
        await sessions.verify(token)
      } catch {
        return wallNow()
      }
      if (Date.now() > until) return null
    }
  },
  close: async () => {
    await sessions.close()
    setImmediate(() => process.exit(0))
  },
}

process.on('message', (m: { id: number; op: string; args: never[] }) => {
  const op = ops[m.op]
  if (!op) return process.send!({ id: m.id, ok: false, code: `unknown op ${m.op}` })
  op(...m.args).then(
    (value) => process.send!({ id: m.id, ok: true, value }),
    (err: unknown) => process.send!({ id: m.id, ok: false, code: (err as { code?: string }).code ?? String(err) }),
  )
})
process.on('disconnect', () => process.exit(0))
process.send({ id: 0, ok: true, value: 'ready' })
