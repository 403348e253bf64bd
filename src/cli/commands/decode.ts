import type { Command } from '../command.js'

/** `jwt-sessions decode <token>`: header and claims, unverified. */
export const decode: Command = {
  name: 'decode',
  usage: 'decode <accessToken>',
  summary: 'print header and claims WITHOUT verifying (debugging only)',
  positionals: { min: 1, max: 1, names: '<accessToken>' },
  async run({ args, out, err }) {
    const parts = (args[0] ?? '').split('.')
    if (parts.length !== 3) {
      err('TOKEN_INVALID: not a JWS compact token')
      return 1
    }
    try {
      const [header, payload] = parts
        .slice(0, 2)
        .map((p) => JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as unknown)
      out(JSON.stringify({ header, payload, verified: false }, null, 2))
      return 0
    } catch {
      err('TOKEN_INVALID: the token is malformed')
      return 1
    }
  },
}
