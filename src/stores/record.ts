import type { StoredSession } from './types.js'

/**
 * The compact record format shared with the Lua scripts (`scripts/_lib.lua`):
 * `createdAt|lastActiveAt|absoluteExpiresAt|generation|refreshHash|seq`, numbers in base 36.
 * Base 36 milliseconds take 8 characters instead of 13: bytes per session matter at scale.
 * `seq` (the user's login number) is appended by `create.lua`, never written from here.
 */
export function encodeRecord(s: Omit<StoredSession, 'key'>): string {
  return [s.createdAt, s.lastActiveAt, s.absoluteExpiresAt, s.generation]
    .map((n) => Math.floor(n).toString(36))
    .concat(s.refreshHash)
    .join('|')
}

const RECORD = /^([0-9a-z]+)\|([0-9a-z]+)\|([0-9a-z]+)\|([0-9a-z]+)\|([^|]+)\|?([0-9a-z]*)$/

/** A decoded record; `seq` orders logins of one millisecond (0 for records written before it). */
export function decodeRecord(key: string, v: unknown): (StoredSession & { seq: number }) | null {
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
    seq: m[6] ? parseInt(m[6], 36) : 0,
  }
}

/** When a session ends unless extended: idle window from the last activity, capped by the absolute end. */
export function sessionEndsAt(s: Pick<StoredSession, 'lastActiveAt' | 'absoluteExpiresAt'>, idleTtlMs: number): number {
  return Math.min(s.lastActiveAt + idleTtlMs, s.absoluteExpiresAt)
}

/** Oldest login first: by creation time, then login number, then key (a total order). */
export function byLoginOrder(
  a: { createdAt: number; seq: number; key: string },
  b: { createdAt: number; seq: number; key: string },
): number {
  return a.createdAt - b.createdAt || a.seq - b.seq || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)
}
