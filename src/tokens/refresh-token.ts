import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  hkdfSync,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto'
import { TokenInvalidError } from '../errors/index.js'

/**
 * Refresh tokens are opaque: `rt1.<userTag>.<sessionKey>.<secret>.<mac>`.
 * - userTag + sessionKey reach the session in one round trip (they name the user hash and field);
 * - secret is 256 bits from the CSPRNG; Redis only ever holds a hash of it;
 * - mac (HMAC of the rest under a key derived from the signing key) rejects forged or mutated tokens
 *   before they touch Redis, so a guessed session id can never trigger reuse detection.
 */
const PREFIX = 'rt1.'
const SEGMENT = /^[A-Za-z0-9_-]+$/
export const MAX_REFRESH_TOKEN_LENGTH = 1024

export interface ParsedRefreshToken {
  userTag: string
  key: string
  secret: Buffer
}

function mac(macKey: Buffer, body: string): string {
  return createHmac('sha256', macKey).update(body).digest().subarray(0, 16).toString('base64url')
}

/** Builds the token string for a secret. */
export function formatRefreshToken(userTag: string, key: string, secret: Buffer, macKey: Buffer): string {
  const body = `${PREFIX}${userTag}.${key}.${secret.toString('base64url')}`
  return `${body}.${mac(macKey, body)}`
}

/** True when a string has the refresh token shape (used to tell token kinds apart; not a verification). */
export function looksLikeRefreshToken(token: string): boolean {
  return token.startsWith(PREFIX)
}

/** Parses and authenticates a refresh token; TokenInvalidError for anything else. */
export function parseRefreshToken(token: unknown, macKeys: readonly Buffer[]): ParsedRefreshToken {
  if (typeof token !== 'string' || token.length === 0) throw new TokenInvalidError('No refresh token was given')
  if (token.length > MAX_REFRESH_TOKEN_LENGTH || !token.startsWith(PREFIX))
    throw new TokenInvalidError('The refresh token is malformed')
  const parts = token.slice(PREFIX.length).split('.')
  if (parts.length !== 4 || !parts.every((p) => SEGMENT.test(p)))
    throw new TokenInvalidError('The refresh token is malformed')
  const [userTag, key, secretText, tag] = parts as [string, string, string, string]
  const body = token.slice(0, token.length - tag.length - 1)
  const given = Buffer.from(tag, 'base64url')
  const ok = macKeys.some((k) => {
    const want = Buffer.from(mac(k, body), 'base64url')
    return want.length === given.length && timingSafeEqual(want, given)
  })
  const secret = Buffer.from(secretText, 'base64url')
  // Canonical encodings only: spare base64 bits must not make two strings the same token.
  if (
    !ok ||
    secret.length !== 32 ||
    secret.toString('base64url') !== secretText ||
    given.toString('base64url') !== tag
  ) {
    throw new TokenInvalidError('The refresh token is invalid')
  }
  return { userTag, key, secret }
}

/** The stored form of a secret: SHA-256, first 128 bits (a lookup comparand, not a password hash: the secret has 256 bits of entropy). */
export function hashSecret(secret: Buffer): string {
  return createHash('sha256').update(secret).digest().subarray(0, 16).toString('base64url')
}

export function newSecret(): Buffer {
  return randomBytes(32)
}

function graceKey(presented: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', presented, Buffer.alloc(0), 'jwt-sessions/grace-successor/v1', 32))
}

/** Encrypts the successor secret under a key only the retired token's holder can derive. */
export function sealSuccessor(presented: Buffer, successor: Buffer): string {
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', graceKey(presented), iv)
  const ct = Buffer.concat([cipher.update(successor), cipher.final()])
  return Buffer.concat([iv, ct, cipher.getAuthTag()]).toString('base64url')
}

/** Opens a sealed successor; null when it does not authenticate. */
export function openSuccessor(presented: Buffer, sealed: string): Buffer | null {
  try {
    const raw = Buffer.from(sealed, 'base64url')
    const decipher = createDecipheriv('aes-256-gcm', graceKey(presented), raw.subarray(0, 12))
    decipher.setAuthTag(raw.subarray(raw.length - 16))
    return Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()])
  } catch {
    return null
  }
}
