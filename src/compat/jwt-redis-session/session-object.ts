/**
 * The request session object of the seed (`req.jwtSession`): data lives as plain properties; `id`,
 * `claims`, `jwt` describe the token; `create`, `update`, `reload`, `touch`, `destroy` take a
 * Node-style callback as the seed's README shows, and return a promise when none is given.
 */
import { randomUUID } from 'node:crypto'
import { SessionRevokedError } from '../../errors/index.js'
import { RESERVED_CLAIMS } from '../../sessions/issue.js'
import type { Sessions } from '../../sessions/types.js'

/** What a session stores: the data fields. */
export interface Stored {
  d: Record<string, unknown>
}

/** A Node-style callback. */
export type Callback<T = void> = (error: Error | null, result?: T) => void

/**
 * Claims a caller's `create(claims)` cannot set: the library's own (the seed let `jti` be overridden),
 * and `iss`/`aud` when the `issuer`/`audience` options own them. Any other claim goes into the token.
 */
function ownedClaims(engineOwns: { iss: boolean; aud: boolean }): ReadonlySet<string> {
  const owned = new Set(RESERVED_CLAIMS)
  if (!engineOwns.iss) owned.delete('iss')
  if (!engineOwns.aud) owned.delete('aud')
  return owned
}
/** Never persisted as session data: they describe the token, and are rebuilt on every request. */
const DERIVED = new Set(['id', 'claims', 'jwt'])

/** The public surface of `req[requestKey]`. Any other property is session data. */
export interface JwtSession {
  id?: string
  claims?: Record<string, unknown>
  jwt?: string
  create(claims?: Record<string, unknown> | Callback<string>, callback?: Callback<string>): Promise<string>
  update(callback?: Callback): Promise<void>
  reload(callback?: Callback): Promise<void>
  touch(callback?: Callback): Promise<void>
  destroy(callback?: Callback): Promise<void>
  toJSON(): Record<string, unknown>
  [data: string]: unknown
}

function settle<T>(work: Promise<T>, cb: Callback<T> | undefined): Promise<T> {
  if (typeof cb !== 'function') return work
  work.then(
    (v) => cb(null, v),
    (e: unknown) => cb(e instanceof Error ? e : new Error(String(e))),
  )
  // With a callback the promise is only a convenience: never an unhandled rejection.
  return work.catch(() => undefined as T)
}

function noId<T>(cb: Callback<T> | undefined): Promise<T> {
  const work = new Promise<T>((_, reject) => process.nextTick(() => reject(new Error('Invalid session ID'))))
  return settle(work, cb)
}

const gone = (id: string) => new SessionRevokedError('The session has ended', id)

function stored(s: object): Stored {
  return { d: persistable(s) }
}

/** Builds the session class bound to one engine (one per middleware instance, as in the seed). */
export function sessionClass(engine: () => Promise<Sessions<Stored>>, engineOwns: { iss: boolean; aud: boolean }) {
  const owned = ownedClaims(engineOwns)
  class Session implements JwtSession {
    declare id?: string
    declare claims?: Record<string, unknown>
    declare jwt?: string;
    [data: string]: unknown

    /** Own data properties: no functions, not `id` (the seed's serialisation). */
    toJSON(): Record<string, unknown> {
      const out: Record<string, unknown> = {}
      for (const [k, v] of Object.entries(this)) if (typeof v !== 'function' && k !== 'id') out[k] = v
      return out
    }

    create(claims?: Record<string, unknown> | Callback<string>, callback?: Callback<string>): Promise<string> {
      if (typeof claims === 'function') {
        callback = claims
        claims = {}
      }
      const given = claims && typeof claims === 'object' ? claims : {}
      const work = (async () => {
        const tokenClaims: Record<string, unknown> = {}
        for (const [k, v] of Object.entries(given)) if (!owned.has(k)) tokenClaims[k] = v
        const set = await (await engine()).create(randomUUID(), { data: stored(this), claims: tokenClaims })
        this.id = set.sessionId
        return set.accessToken
      })()
      return settle(work, callback)
    }

    update(callback?: Callback): Promise<void> {
      const id = this.id
      if (!id) return noId(callback)
      const work = (async () => {
        if (!(await (await engine()).update(id, stored(this)))) throw gone(id)
      })()
      return settle(work, callback)
    }

    reload(callback?: Callback): Promise<void> {
      const id = this.id
      if (!id) return noId(callback)
      const work = (async () => {
        const current = await (await engine()).get(id)
        if (!current) throw gone(id)
        Object.assign(this, withoutDerived(current.data?.d ?? {}))
      })()
      return settle(work, callback)
    }

    touch(callback?: Callback): Promise<void> {
      const id = this.id
      if (!id) return noId(callback)
      const work = (async () => {
        if (!(await (await engine()).touch(id))) throw gone(id)
      })()
      return settle(work, callback)
    }

    destroy(callback?: Callback): Promise<void> {
      const id = this.id
      if (!id) return noId(callback)
      const work = (async () => {
        await (await engine()).revoke(id)
      })()
      return settle(work, callback)
    }
  }
  return Session
}

function withoutDerived(o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(o)) if (!DERIVED.has(k) && typeof v !== 'function') out[k] = v
  return out
}

function persistable(s: object): Record<string, unknown> {
  return withoutDerived(s as Record<string, unknown>)
}
