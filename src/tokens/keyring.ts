import { createHmac, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto'
import { ConfigError } from '../errors/index.js'

/** Algorithms a key ring accepts. `none` is not among them and cannot be configured. */
export type SigningAlgorithm = 'HS256' | 'HS384' | 'HS512' | 'EdDSA' | 'ES256' | 'RS256' | 'PS256'

/** One key of a ring. */
export interface KeyInput {
  /** Key id, put in the token header so verifiers pick the right key. */
  kid: string
  alg: SigningAlgorithm
  /** HMAC secret (string or bytes), or a PEM / KeyObject private key (a public key for `status: 'verify'`). */
  key: string | Uint8Array | KeyObject
  /**
   * `active` (default): may sign and verify; the last active key in the ring signs.
   * `verify`: verifies only (a key being introduced or phased out). `retired`: refused everywhere.
   */
  status?: 'active' | 'verify' | 'retired'
}

const HMAC_MIN_BYTES: Record<string, number> = { HS256: 32, HS384: 48, HS512: 64 }
const ASYMMETRIC = new Set(['EdDSA', 'ES256', 'RS256', 'PS256'])

/** A resolved key: what fast-jwt needs to sign and verify, plus what the ring derives from it. */
export interface RingKey {
  readonly kid: string
  readonly alg: SigningAlgorithm
  /** Secret (HMAC) or PEM private key; undefined for verify-only public keys. */
  readonly signKey: string | Buffer | undefined
  /** Secret (HMAC) or PEM public key. */
  readonly verifyKey: string | Buffer
  /** Public JWK for asymmetric keys. */
  readonly jwk: Record<string, unknown> | undefined
  /** Keys the refresh-token MAC is computed with, derived so the signing key itself is never reused. */
  readonly macKey: Buffer | undefined
}

export interface KeyRing {
  readonly signer: RingKey
  /** Non-retired keys by kid. */
  readonly byKid: ReadonlyMap<string, RingKey>
  /** MAC keys, signer's first: new refresh tokens use the first, verification tries all. */
  readonly macKeys: readonly Buffer[]
}

function secretBytes(key: KeyInput['key']): Buffer {
  if (typeof key === 'string') return Buffer.from(key, 'utf8')
  if (key instanceof Uint8Array) return Buffer.from(key)
  throw new ConfigError('keys[].key for an HS* algorithm must be a string or bytes')
}

function deriveMacKey(material: Buffer): Buffer {
  return createHmac('sha256', material).update('jwt-sessions/refresh-token-mac/v1').digest()
}

function resolveKey(input: KeyInput, index: number): RingKey | undefined {
  const where = `keys[${index}]`
  if (!input || typeof input !== 'object') throw new ConfigError(`${where} must be an object { kid, alg, key }`)
  if (typeof input.kid !== 'string' || !/^[\w.-]{1,64}$/.test(input.kid)) {
    throw new ConfigError(`${where}.kid must be 1-64 characters of letters, digits, _ . -`)
  }
  const status = input.status ?? 'active'
  if (!['active', 'verify', 'retired'].includes(status))
    throw new ConfigError(`${where}.status must be "active", "verify" or "retired"`)
  if (status === 'retired') return undefined
  const { kid, alg } = input
  if (alg in HMAC_MIN_BYTES) {
    const bytes = secretBytes(input.key)
    const min = HMAC_MIN_BYTES[alg] as number
    if (bytes.length < min) throw new ConfigError(`${where}.key must be at least ${min} bytes for ${alg}`)
    return { kid, alg, signKey: bytes, verifyKey: bytes, jwk: undefined, macKey: deriveMacKey(bytes) }
  }
  if (!ASYMMETRIC.has(alg))
    throw new ConfigError(`${where}.alg must be one of HS256, HS384, HS512, EdDSA, ES256, RS256, PS256`)
  let priv: KeyObject | undefined
  let pub: KeyObject
  try {
    const k = input.key instanceof Uint8Array ? Buffer.from(input.key).toString('utf8') : input.key
    const obj = typeof k === 'string' ? (k.includes('PRIVATE KEY') ? createPrivateKey(k) : createPublicKey(k)) : k
    if (obj.type === 'private') priv = obj
    else if (obj.type !== 'public') throw new Error('not an asymmetric key')
    pub = priv ? createPublicKey(priv) : obj
  } catch {
    throw new ConfigError(`${where}.key must be a PEM or KeyObject key for ${alg}`)
  }
  const type = pub.asymmetricKeyType
  const fits =
    alg === 'EdDSA'
      ? type === 'ed25519'
      : alg === 'ES256'
        ? type === 'ec' && pub.asymmetricKeyDetails?.namedCurve === 'prime256v1'
        : type === 'rsa' || (alg === 'PS256' && type === 'rsa-pss')
  if (!fits) throw new ConfigError(`${where}.key does not match alg ${alg}`)
  if (status === 'active' && !priv) throw new ConfigError(`${where} is active (signs) so its key must be a private key`)
  const jwk = { ...(pub.export({ format: 'jwk' }) as Record<string, unknown>), kid, alg, use: 'sig' }
  return {
    kid,
    alg,
    signKey: priv ? (priv.export({ format: 'pem', type: 'pkcs8' }) as string) : undefined,
    verifyKey: pub.export({ format: 'pem', type: 'spki' }) as string,
    jwk,
    macKey: priv ? deriveMacKey(priv.export({ format: 'der', type: 'pkcs8' })) : undefined,
  }
}

/**
 * Resolves `secret` or `keys` into a ring. One ring never mixes HMAC and asymmetric keys: a verifier
 * holding an HMAC secret next to public keys is how algorithm-confusion attacks start.
 */
export function resolveKeyRing(secret: unknown, keys: unknown): KeyRing {
  if (secret !== undefined && keys !== undefined) throw new ConfigError('give either secret or keys, not both')
  let inputs: KeyInput[]
  if (keys !== undefined) {
    if (!Array.isArray(keys) || keys.length === 0)
      throw new ConfigError('keys must be a non-empty array of { kid, alg, key }')
    inputs = keys as KeyInput[]
  } else {
    if (secret === undefined || secret === null || secret === '') {
      throw new ConfigError(
        "secret is required (at least 32 bytes; generate one with: node -e \"console.log(require('crypto').randomBytes(32).toString('hex'))\"), or give keys",
      )
    }
    if (typeof secret !== 'string' && !(secret instanceof Uint8Array))
      throw new ConfigError('secret must be a string or bytes of at least 32 bytes')
    if (Buffer.byteLength(typeof secret === 'string' ? Buffer.from(secret, 'utf8') : secret) < 32) {
      throw new ConfigError('secret must be at least 32 bytes long')
    }
    inputs = [{ kid: 'k1', alg: 'HS256', key: secret }]
  }
  const resolved = inputs.map(resolveKey)
  const byKid = new Map<string, RingKey>()
  let signer: RingKey | undefined
  resolved.forEach((k, i) => {
    if (!k) return
    if (byKid.has(k.kid)) throw new ConfigError(`keys[${i}].kid "${k.kid}" is used twice`)
    byKid.set(k.kid, k)
    if ((inputs[i]?.status ?? 'active') === 'active') signer = k
  })
  if (!signer) throw new ConfigError('keys must contain at least one active key to sign with')
  const kinds = new Set([...byKid.values()].map((k) => (k.alg.startsWith('HS') ? 'hmac' : 'asymmetric')))
  if (kinds.size > 1) throw new ConfigError('keys must not mix HMAC (HS*) and asymmetric keys in one ring')
  const s = signer
  const macKeys = [s, ...[...byKid.values()].filter((k) => k !== s)]
    .map((k) => k.macKey)
    .filter((m): m is Buffer => m !== undefined)
  return { signer: s, byKid, macKeys }
}
