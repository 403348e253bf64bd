import { generateKeyPairSync } from 'node:crypto'
import type { Command } from '../command.js'
import { UsageError } from '../usage.js'

const SPECS = {
  EdDSA: () => generateKeyPairSync('ed25519'),
  ES256: () => generateKeyPairSync('ec', { namedCurve: 'prime256v1' }),
  RS256: () => generateKeyPairSync('rsa', { modulusLength: 2048 }),
  PS256: () => generateKeyPairSync('rsa', { modulusLength: 2048 }),
} as const

/** `jwt-sessions keygen`: a new asymmetric key ring entry and its public JWK, as one JSON document. */
export const keygen: Command = {
  name: 'keygen',
  usage: 'keygen [--alg EdDSA|ES256|RS256|PS256] [--kid id]',
  summary: 'print one JSON document: a key ring entry (private PEM) and its public JWK',
  flags: {
    alg: { type: 'string', help: 'EdDSA (default), ES256, RS256 or PS256' },
    kid: { type: 'string', help: 'key id (default <alg>-<today>)' },
  },
  positionals: { min: 0, max: 0, names: '' },
  async run({ flags, out }) {
    const alg = String(flags['alg'] ?? 'EdDSA')
    if (!Object.hasOwn(SPECS, alg)) throw new UsageError('--alg must be one of EdDSA, ES256, RS256, PS256')
    const kid = String(flags['kid'] ?? `${alg.toLowerCase()}-${new Date().toISOString().slice(0, 10)}`)
    const { privateKey, publicKey } = SPECS[alg as keyof typeof SPECS]()
    const key = { kid, alg, key: privateKey.export({ type: 'pkcs8', format: 'pem' }) }
    const jwk = { ...publicKey.export({ format: 'jwk' }), kid, alg, use: 'sig' }
    out(JSON.stringify({ key, jwk }, null, 2))
    return 0
  },
}
