import { createHash } from 'node:crypto'
import type { AccessTokenCodec } from '../tokens/access-token.js'
import { formatRefreshToken } from '../tokens/refresh-token.js'
import type { TokenSet } from './types.js'

/** What a token pair is derived from. Equal inputs give equal pairs: that is what the reuse grace returns. */
export interface PairInput {
  userId: string
  userTag: string
  key: string
  generation: number
  /** When the pair was minted (creation or rotation), epoch ms. */
  issuedAt: number
  absoluteExpiresAt: number
  secret: Buffer
  claims: Record<string, unknown> | null
  /** Write `generation` into the token as `gen` (`revokeAccessOnRefresh`). */
  bindGeneration?: boolean
}

/** `jti` is derived from session and generation, so a repeated refresh reproduces the same token. */
export function tokenId(sessionId: string, generation: number): string {
  return createHash('sha256').update(`${sessionId}#${generation}`).digest().subarray(0, 16).toString('base64url')
}

export function issuePair(
  codec: AccessTokenCodec,
  macKey: Buffer,
  p: PairInput,
  accessTtlMs: number,
  idleTtlMs: number,
): TokenSet {
  const sessionId = `${p.userTag}.${p.key}`
  const iat = Math.floor(p.issuedAt / 1000)
  const expiresIn = Math.ceil(accessTtlMs / 1000)
  const exp = iat + expiresIn
  const gen = p.bindGeneration ? p.generation : undefined
  const accessToken = codec.issue(
    { sub: p.userId, sid: sessionId, jti: tokenId(sessionId, p.generation), iat, exp, gen },
    p.claims,
  )
  return {
    accessToken,
    refreshToken: formatRefreshToken(p.userTag, p.key, p.secret, macKey),
    tokenType: 'Bearer',
    expiresIn,
    accessTokenExpiresAt: exp * 1000,
    refreshTokenExpiresAt: Math.min(p.issuedAt + idleTtlMs, p.absoluteExpiresAt),
    sessionId,
  }
}

export { RESERVED_CLAIMS } from './reserved-claims.js'

/** The message of the TOKEN_INVALID a superseded access token gets (compat layers word it their own way). */
export const SUPERSEDED_MESSAGE = 'The access token was superseded by a refresh of its session'
