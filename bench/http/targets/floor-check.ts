import { randomBytes } from 'node:crypto'
import { createSigner, createVerifier } from 'fast-jwt'
import { createClient } from 'redis'
import { SECRET, TOKEN_TTL_MS, USER } from '../types.js'

/**
 * The physical floor of "a JWT plus a server-side check": fast-jwt HS256 verify, then one EVALSHA
 * of a one-line script (`HGET` of the session's field) on a node-redis client configured like the
 * one jwt-sessions opens. Nothing a real library could skip; everything it adds costs on top.
 */
export const FLOOR_SCRIPT = "return redis.call('HGET', KEYS[1], ARGV[1])"

/** The floor's check, framework-free: each framework's floor row wraps it in its own route. */
export interface FloorCheck {
  /** A token the check accepts. */
  token: string
  /** The user id for a valid `Authorization` header, else undefined. */
  check(authorization: string | undefined): Promise<string | undefined>
  close(): Promise<void>
}

/** Connects, loads the script and plants one session. */
export async function floorCheck(redisUrl: string): Promise<FloorCheck> {
  const client = createClient({ url: redisUrl, disableOfflineQueue: true })
  await client.connect()
  const sha = String(await client.sendCommand(['SCRIPT', 'LOAD', FLOOR_SCRIPT]))
  const sid = randomBytes(16).toString('base64url')
  await client.sendCommand(['HSET', `floor:u:{${USER}}`, sid, '1'])
  const sign = createSigner({ key: SECRET, algorithm: 'HS256', expiresIn: TOKEN_TTL_MS })
  const verify = createVerifier({ key: SECRET, algorithms: ['HS256'], cache: false })
  return {
    token: sign({ sub: USER, sid }),
    async check(h) {
      try {
        if (!h?.startsWith('Bearer ')) return undefined
        const claims = verify(h.slice(7)) as { sub: string; sid: string }
        const hit = await client.sendCommand(['EVALSHA', sha, '1', `floor:u:{${claims.sub}}`, claims.sid])
        return hit === null ? undefined : claims.sub
      } catch {
        return undefined
      }
    },
    close: () => client.close(),
  }
}
