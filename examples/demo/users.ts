/**
 * The demo's users. Passwords are compared as SHA-256 digests in constant time; a real app stores
 * slow password hashes (scrypt, argon2) in a database instead.
 */
import { createHash, timingSafeEqual } from 'node:crypto'

export interface DemoUser {
  id: string
  name: string
  role: 'admin' | 'member'
}

const USERS: Record<string, DemoUser & { password: string }> = {
  alice: { id: 'alice', name: 'Alice', role: 'admin', password: 'alice-demo-password' },
  bob: { id: 'bob', name: 'Bob', role: 'member', password: 'bob-demo-password' },
}

/** Username and password of each demo user, as shown on the page. */
export const DEMO_CREDENTIALS = Object.values(USERS).map((u) => ({ username: u.id, password: u.password }))

const digest = (s: string) => createHash('sha256').update(s).digest()

/** The user when the password matches, else undefined. */
export function checkPassword(username: unknown, password: unknown): DemoUser | undefined {
  if (typeof username !== 'string' || typeof password !== 'string') return undefined
  const user = Object.hasOwn(USERS, username) ? USERS[username] : undefined
  // Compare even for unknown users, so timing does not reveal which names exist.
  const ok = timingSafeEqual(digest(password), digest(user?.password ?? 'no-such-user'))
  if (!user || !ok) return undefined
  return { id: user.id, name: user.name, role: user.role }
}
