import { randomBytes } from 'node:crypto'
import { b64url } from '../stores/keys.js'

/**
 * A session id is `<base64url(userId)>.<key>`: the user part names the user's hash (so `get`,
 * `revoke` and friends need no index lookup), the key is 96 random bits naming the field.
 */
const KEY = /^[A-Za-z0-9_-]{16}$/
const TAG = /^[A-Za-z0-9_-]{1,1400}$/

/** True for the random part of a session id. */
export function isSessionKey(key: string): boolean {
  return KEY.test(key)
}

export function newSessionKey(): string {
  return randomBytes(12).toString('base64url')
}

export function formatSessionId(userId: string, key: string): string {
  return `${b64url(userId)}.${key}`
}

/** Splits a session id; null when it is not one of ours. */
export function parseSessionId(id: unknown): { userId: string; userTag: string; key: string } | null {
  if (typeof id !== 'string' || id.length > 1500) return null
  const dot = id.indexOf('.')
  if (dot <= 0 || dot !== id.lastIndexOf('.')) return null
  const userTag = id.slice(0, dot)
  const key = id.slice(dot + 1)
  if (!TAG.test(userTag) || !KEY.test(key)) return null
  return userFromTag(userTag, key)
}

export function userFromTag(userTag: string, key: string): { userId: string; userTag: string; key: string } | null {
  if (!KEY.test(key)) return null
  const userId = Buffer.from(userTag, 'base64url').toString('utf8')
  // Round-trip check: non-canonical base64 or invalid UTF-8 would alias another user's id.
  if (userId === '' || b64url(userId) !== userTag) return null
  return { userId, userTag, key }
}
