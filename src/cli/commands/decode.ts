import type { Command } from '../command.js'

export const decode: Command = {
  name: 'decode',
  usage: 'decode <accessToken>',
  summary: 'print header and claims WITHOUT verifying (debugging only)',
  async run({ args, out }) {
    const parts = (args[0] ?? '').split('.')
    if (parts.length !== 3) {
      out('TOKEN_INVALID: not a JWS compact token')
      return 1
    }
    try {
      const [header, payload] = parts.slice(0, 2).map((p) => JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as unknown)
      out(JSON.stringify({ header, payload, verified: false }, null, 2))
      return 0
    } catch {
      out('TOKEN_INVALID: the token is malformed')
      return 1
    }
  },
}
