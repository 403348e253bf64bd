import type { Command } from '../command.js'

const need = (args: string[], what: string, out: (l: string) => void): string | undefined => {
  if (args[0]) return args[0]
  out(`CONFIG_INVALID: missing ${what}`)
  return undefined
}

export const list: Command = {
  name: 'list',
  usage: 'list <userId>',
  summary: "list a user's live sessions (JSON, no token material)",
  async run({ args, sessions, out }) {
    const user = need(args, '<userId>', out)
    if (!user) return 2
    out(JSON.stringify(await sessions().list(user), null, 2))
    return 0
  },
}

export const revoke: Command = {
  name: 'revoke',
  usage: 'revoke <sessionId | accessToken | refreshToken>',
  summary: 'end one session; exit code 1 when there was none',
  async run({ args, sessions, out }) {
    const id = need(args, '<sessionId>', out)
    if (!id) return 2
    const ok = await sessions().revoke(id)
    out(ok ? 'revoked' : 'no such session')
    return ok ? 0 : 1
  },
}

export const revokeAll: Command = {
  name: 'revoke-all',
  usage: 'revoke-all <userId> [--except sessionId]',
  summary: 'end every session of a user',
  async run({ args, flags, sessions, out }) {
    const user = need(args, '<userId>', out)
    if (!user) return 2
    const except = typeof flags['except'] === 'string' ? flags['except'] : undefined
    out(`revoked ${await sessions().revokeAll(user, except ? { except } : {})}`)
    return 0
  },
}

export const stats: Command = {
  name: 'stats',
  usage: 'stats [userId]',
  summary: 'session statistics for a user, or for the whole store (scans; admin only)',
  async run({ args, sessions, out }) {
    out(JSON.stringify(await sessions().stats(args[0]), null, 2))
    return 0
  },
}

export const health: Command = {
  name: 'health',
  usage: 'health',
  summary: 'check the store answers; exit code 1 when it does not',
  async run({ sessions, out }) {
    const h = await sessions().health()
    out(JSON.stringify(h))
    return h.ok ? 0 : 1
  },
}

export const verify: Command = {
  name: 'verify',
  usage: 'verify <accessToken>',
  summary: 'verify an access token against its session; prints the claims',
  async run({ args, sessions, out }) {
    const token = need(args, '<accessToken>', out)
    if (!token) return 2
    const ctx = await sessions().verify(token)
    out(JSON.stringify({ userId: ctx.userId, sessionId: ctx.sessionId, claims: ctx.claims }, null, 2))
    return 0
  },
}
