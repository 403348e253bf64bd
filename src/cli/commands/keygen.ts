import { generateKeyPairSync } from 'node:crypto'
import type { Command } from '../command.js'

const SPECS = {
  EdDSA: () => generateKeyPairSync('ed25519'),
  ES256: () => generateKeyPairSync('ec', { namedCurve: 'prime256v1' }),
  RS256: () => generateKeyPairSync('rsa', { modulusLength: 2048 }),
  PS256: () => generateKeyPairSync('rsa', { modulusLength: 2048 }),
} as const

export const keygen: Command = {
  name: 'keygen',
  usage: 'keygen [--alg EdDSA|ES256|RS256|PS256] [--kid id]',
  summary: 'print a new key ring entry (private PEM) and its public JWK',
  async run({ flags, out }) {
    const alg = String(flags['alg'] ?? 'EdDSA') as keyof typeof SPECS
    if (!(alg in SPECS)) {
      out('CONFIG_INVALID: --alg must be one of EdDSA, ES256, RS256, PS256')
      return 2
    }
    const kid = String(flags['kid'] ?? `${alg.toLowerCase()}-${new Date().toISOString().slice(0, 10)}`)
    const { privateKey, publicKey } = SPECS[alg]()
    out(JSON.stringify({ kid, alg, key: privateKey.export({ type: 'pkcs8', format: 'pem' }) }, null, 2))
    out(JSON.stringify({ ...publicKey.export({ format: 'jwk' }), kid, alg, use: 'sig' }, null, 2))
    return 0
  },
}
