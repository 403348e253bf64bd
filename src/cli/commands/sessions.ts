import type { Command } from '../command.js'

const json = (v: unknown) => JSON.stringify(v, null, 2)

/** `jwt-sessions list <userId>`: the user's live sessions. */
export const list: Command = {
  name: 'list',
  usage: 'list <userId>',
  summary: "list a user's live sessions (JSON, no token material)",
  usesEngine: true,
  positionals: { min: 1, max: 1, names: '<userId>' },
  async run({ args, sessions, out }) {
    out(json(await sessions().list(args[0] ?? '')))
    return 0
  },
}

/** `jwt-sessions revoke <id | token>`: ends one session (exit 1 when there was none). */
export const revoke: Command = {
  name: 'revoke',
  usage: 'revoke <sessionId | accessToken | refreshToken>',
  summary: 'end one session; exit code 1 when there was none',
  usesEngine: true,
  positionals: { min: 1, max: 1, names: '<sessionId>' },
  async run({ args, sessions, out, err }) {
    const ok = await sessions().revoke(args[0] ?? '')
    if (ok) out('revoked')
    else err('NOT_FOUND: no such session')
    return ok ? 0 : 1
  },
}

/** `jwt-sessions revoke-all <userId>`: ends every session of a user. */
export const revokeAll: Command = {
  name: 'revoke-all',
  usage: 'revoke-all <userId> [--except sessionId]',
  summary: 'end every session of a user; prints how many',
  flags: { except: { type: 'string', help: 'a session id to keep' } },
  usesEngine: true,
  positionals: { min: 1, max: 1, names: '<userId>' },
  async run({ args, flags, sessions, out }) {
    const except = typeof flags['except'] === 'string' ? flags['except'] : undefined
    out(`revoked ${await sessions().revokeAll(args[0] ?? '', except ? { except } : {})}`)
    return 0
  },
}

/** `jwt-sessions stats [userId]`: what the store holds. */
export const stats: Command = {
  name: 'stats',
  usage: 'stats [userId]',
  summary: 'session statistics for a user, or for the whole store (scans; admin only)',
  usesEngine: true,
  positionals: { min: 0, max: 1, names: '[userId]' },
  async run({ args, sessions, out }) {
    // The engine's `counters` count events of this process since it started: in a CLI run that is
    // always zero, so they are left out rather than printed as if they described the store.
    const { counters: _perProcess, ...store } = await sessions().stats(args[0])
    out(json(store))
    return 0
  },
}

/** `jwt-sessions health`: store reachability (exit 1 when unreachable). */
export const health: Command = {
  name: 'health',
  usage: 'health',
  summary: 'check the store answers; exit code 1 when it does not',
  usesEngine: true,
  positionals: { min: 0, max: 0, names: '' },
  async run({ sessions, out, err }) {
    const h = await sessions().health()
    if (h.ok) out(JSON.stringify(h))
    else err(`STORE_UNAVAILABLE: ${JSON.stringify(h)}`)
    return h.ok ? 0 : 1
  },
}

/** `jwt-sessions verify <token>`: verifies a token against its session. */
export const verify: Command = {
  name: 'verify',
  usage: 'verify <accessToken>',
  summary: 'verify an access token against its session; prints the claims',
  usesEngine: true,
  positionals: { min: 1, max: 1, names: '<accessToken>' },
  async run({ args, sessions, out }) {
    const ctx = await sessions().verify(args[0] ?? '')
    out(json({ userId: ctx.userId, sessionId: ctx.sessionId, claims: ctx.claims }))
    return 0
  },
}
