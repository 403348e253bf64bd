import { createSigner, createVerifier } from 'fast-jwt'
import { TokenExpiredError, TokenInvalidError } from '../errors/index.js'
import type { JWTPayload } from '../sessions/types.js'
import type { KeyRing, RingKey } from './keyring.js'

/** Tokens longer than this are refused before any decoding (RFC 8725: bound the work an attacker buys). */
export const MAX_TOKEN_BYTES = 8192

// Header parameters that would let a token choose its own key: never honoured.
const KEY_BEARING_HEADERS = ['jku', 'x5u', 'jwk', 'x5c']

export interface AccessTokenSettings {
  issuer: string | undefined
  audience: string | undefined
  clockToleranceMs: number
  /**
   * The longest `exp - iat` accepted, in ms: the configured access-token lifetime. A token that
   * claims longer was not issued by this configuration (defence in depth should a key leak to a
   * token minter). Undefined: no limit.
   */
  maxLifetimeMs?: number | undefined
}

// The largest NumericDate (seconds) a JS Date can hold: 8.64e15 ms. Anything past it (1e20, 2^53)
// would turn into an Invalid Date downstream.
const MAX_NUMERIC_DATE = 8.64e12

/** A NumericDate claim (RFC 7519 §2): a finite number of seconds within the range of a Date. */
function isNumericDate(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= MAX_NUMERIC_DATE
}

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

/**
 * True when `text.slice(from)` is unpadded base64url whose spare low bits are zero, i.e. the one
 * spelling of its bytes. Checked without decoding: it runs on every verification.
 */
export function isCanonicalBase64url(text: string, from: number): boolean {
  const n = text.length - from
  if (n === 0) return true
  const spare = (n * 6) % 8
  if (n % 4 === 1) return false
  const last = B64URL.indexOf(text[text.length - 1] as string)
  return last >= 0 && (last & ((1 << spare) - 1)) === 0
}

type Sign = (payload: Record<string, unknown>) => string
type Verify = (token: string) => Record<string, unknown>

/**
 * Signs and verifies access tokens (`typ: at+jwt`, RFC 9068) with a pinned key ring. The algorithm
 * comes from the key the `kid` names, never from the token, so `alg: none` and algorithm confusion
 * cannot happen. Expiry is checked here, against the caller's clock, not by fast-jwt.
 */
export class AccessTokenCodec {
  private readonly sign: Sign
  private readonly verifiers = new Map<string, Verify>()
  private readonly onlyKid: string | undefined
  private readonly headerCache: Array<[string, Verify]> = []

  constructor(
    readonly ring: KeyRing,
    private readonly settings: AccessTokenSettings,
  ) {
    const s = ring.signer
    this.sign = createSigner({
      key: s.signKey as string | Buffer,
      algorithm: s.alg,
      kid: s.kid,
      header: { alg: s.alg, typ: 'at+jwt', kid: s.kid },
    }) as Sign
    for (const k of ring.byKid.values()) this.verifiers.set(k.kid, this.verifierFor(k))
    this.onlyKid = ring.byKid.size === 1 ? s.kid : undefined
  }

  private verifierFor(k: RingKey): Verify {
    return createVerifier({
      key: k.verifyKey,
      algorithms: [k.alg],
      ignoreExpiration: true,
      ignoreNotBefore: true,
      cache: false,
    }) as Verify
  }

  /** Signs reserved claims first, then custom ones, so equal inputs give byte-identical tokens (HS*, EdDSA, RS256). */
  issue(
    claims: { sub: string; sid: string; jti: string; iat: number; exp: number; gen?: number | undefined },
    custom: Record<string, unknown> | null,
  ): string {
    const payload: Record<string, unknown> = {
      ...(custom ?? {}),
      sub: claims.sub,
      sid: claims.sid,
      jti: claims.jti,
      iat: claims.iat,
      exp: claims.exp,
    }
    if (claims.gen !== undefined) payload['gen'] = claims.gen
    if (this.settings.issuer !== undefined) payload['iss'] = this.settings.issuer
    if (this.settings.audience !== undefined) payload['aud'] = this.settings.audience
    return this.sign(payload)
  }

  /**
   * Verifies signature, header and claims. `ignoreExpiry` serves logout: a session must be endable
   * with the (possibly expired) token that names it.
   */
  verify(token: unknown, nowMs: number, ignoreExpiry = false): JWTPayload {
    if (typeof token !== 'string' || token.length === 0) throw new TokenInvalidError('No token was given')
    if (token.length > MAX_TOKEN_BYTES) throw new TokenInvalidError('The token is too large')
    const dot = token.indexOf('.')
    if (dot <= 0) throw new TokenInvalidError('The token is malformed')
    const verifier = this.verifierForHeader(token.slice(0, dot))
    // Canonical signature encoding only, so a token has exactly one spelling (spare base64 bits).
    if (!isCanonicalBase64url(token, token.lastIndexOf('.') + 1))
      throw new TokenInvalidError('The token signature or format is invalid')
    let payload: Record<string, unknown>
    try {
      payload = verifier(token)
    } catch {
      throw new TokenInvalidError('The token signature or format is invalid')
    }
    return this.checkClaims(payload, nowMs, ignoreExpiry)
  }

  /**
   * Checks a header segment and picks the verifier its `kid` names. Tokens from one key share one
   * header, so accepted segments are remembered (a few, by exact text): the hot path skips the
   * decoding. Refused segments are never remembered, so garbage cannot fill the cache.
   */
  private verifierForHeader(segment: string): Verify {
    // A linear scan with string equality: cheaper than hashing a fresh slice for a Map lookup.
    for (const [text, v] of this.headerCache) if (text === segment) return v
    let header: Record<string, unknown>
    try {
      header = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8')) as Record<string, unknown>
    } catch {
      throw new TokenInvalidError('The token is malformed')
    }
    if (header === null || typeof header !== 'object' || Array.isArray(header))
      throw new TokenInvalidError('The token is malformed')
    const typ = typeof header['typ'] === 'string' ? header['typ'].toLowerCase() : ''
    if (typ !== 'at+jwt' && typ !== 'application/at+jwt')
      throw new TokenInvalidError('The token is not an access token')
    if (header['crit'] !== undefined)
      throw new TokenInvalidError('The token has unsupported critical header parameters')
    for (const h of KEY_BEARING_HEADERS)
      if (header[h] !== undefined) throw new TokenInvalidError('The token carries its own key')
    const kid =
      header['kid'] === undefined ? this.onlyKid : typeof header['kid'] === 'string' ? header['kid'] : undefined
    const verifier = kid === undefined ? undefined : this.verifiers.get(kid)
    const key = kid === undefined ? undefined : this.ring.byKid.get(kid)
    if (!verifier || !key || header['alg'] !== key.alg)
      throw new TokenInvalidError('The token was not signed by a known key')
    if (this.headerCache.length < 8 && isCanonicalBase64url(segment, 0)) this.headerCache.push([segment, verifier])
    return verifier
  }

  private checkClaims(p: Record<string, unknown>, nowMs: number, ignoreExpiry: boolean): JWTPayload {
    const { issuer, audience, clockToleranceMs } = this.settings
    if (
      typeof p['sub'] !== 'string' ||
      p['sub'] === '' ||
      typeof p['sid'] !== 'string' ||
      typeof p['jti'] !== 'string'
    ) {
      throw new TokenInvalidError('The token lacks required claims')
    }
    const exp = p['exp']
    const iat = p['iat']
    if (!isNumericDate(exp)) throw new TokenInvalidError('The token has no valid exp claim')
    if (!isNumericDate(iat)) throw new TokenInvalidError('The token has no valid iat claim')
    if (p['nbf'] !== undefined && !isNumericDate(p['nbf']))
      throw new TokenInvalidError('The token has no valid nbf claim')
    const maxLifetimeMs = this.settings.maxLifetimeMs
    // Lifetimes are issued in whole seconds (rounded up), hence the ceil.
    if (maxLifetimeMs !== undefined && (exp - iat) * 1000 > Math.ceil(maxLifetimeMs / 1000) * 1000 + clockToleranceMs) {
      throw new TokenInvalidError('The token claims a longer lifetime than this server issues')
    }
    if (issuer !== undefined && p['iss'] !== issuer) throw new TokenInvalidError('The token issuer is not accepted')
    if (audience !== undefined) {
      const aud = p['aud']
      if (!(aud === audience || (Array.isArray(aud) && aud.includes(audience))))
        throw new TokenInvalidError('The token audience is not accepted')
    }
    if (p['nbf'] !== undefined) {
      if ((p['nbf'] as number) * 1000 > nowMs + clockToleranceMs)
        throw new TokenInvalidError('The token is not valid yet')
    }
    if (!ignoreExpiry && exp * 1000 <= nowMs - clockToleranceMs)
      throw new TokenExpiredError('The token has expired', exp * 1000)
    return p as JWTPayload
  }
}
