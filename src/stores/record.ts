import type { StoredSession } from './types.js'

/**
 * The compact record format shared with the Lua scripts (`scripts/_lib.lua`):
 * `createdAt|lastActiveAt|absoluteExpiresAt|generation|refreshHash`, numbers in base 36.
 * Base 36 milliseconds take 8 characters instead of 13: bytes per session matter at scale.
 */
export function encodeRecord(s: Omit<StoredSession, 'key'>): string {
  return [s.createdAt, s.lastActiveAt, s.absoluteExpiresAt, s.generation]
    .map((n) => Math.floor(n).toString(36))
    .concat(s.refreshHash)
    .join('|')
}

const RECORD = /^([0-9a-z]+)\|([0-9a-z]+)\|([0-9a-z]+)\|([0-9a-z]+)\|(.+)$/

export function decodeRecord(key: string, v: unknown): StoredSession | null {
  if (typeof v !== 'string') return null
  const m = RECORD.exec(v)
  if (!m) return null
  return {
    key,
    createdAt: parseInt(m[1] as string, 36),
    lastActiveAt: parseInt(m[2] as string, 36),
    absoluteExpiresAt: parseInt(m[3] as string, 36),
    generation: parseInt(m[4] as string, 36),
    refreshHash: m[5] as string,
  }
}

/** When a session ends unless extended: idle window from the last activity, capped by the absolute end. */
export function sessionEndsAt(s: Pick<StoredSession, 'lastActiveAt' | 'absoluteExpiresAt'>, idleTtlMs: number): number {
  return Math.min(s.lastActiveAt + idleTtlMs, s.absoluteExpiresAt)
}
