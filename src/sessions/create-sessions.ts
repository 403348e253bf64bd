import {
  ConfigError,
  JwtSessionsError,
  RefreshTokenReusedError,
  SessionRevokedError,
  StoreUnavailableError,
  TokenExpiredError,
  TokenInvalidError,
} from '../errors/index.js'
import { resolveOptions, type SessionsOptions } from '../config/options.js'
import { observe } from '../observability/observe.js'
import { b64url } from '../stores/keys.js'
import { SESSION_METHODS, missingMethods } from '../stores/contract.js'
import { sessionEndsAt } from '../stores/record.js'
import type { Lifetimes, ListedSession } from '../stores/types.js'
import { AccessTokenCodec } from '../tokens/access-token.js'
import { resolveKeyRing } from '../tokens/keyring.js'
import {
  hashSecret,
  looksLikeRefreshToken,
  newSecret,
  openSuccessor,
  parseRefreshToken,
  sealSuccessor,
} from '../tokens/refresh-token.js'
import { SessionEmitter } from './events.js'
import { withLocalCache } from './local-cache/cached-store.js'
import { resolveLocalCache } from './local-cache/options.js'
import { issuePair, RESERVED_CLAIMS, SUPERSEDED_MESSAGE } from './issue.js'
import { formatSessionId, isSessionKey, newSessionKey, parseSessionId, userFromTag } from './session-id.js'
import type {
  CreateOptions,
  SessionContext,
  SessionInfo,
  SessionMeta,
  Sessions,
  SessionStats,
  TokenSet,
  ValidationResult,
} from './types.js'

const MAX_JSON_BYTES = 64 * 1024

function toUserId(userId: unknown): string {
  if (typeof userId === 'number' && Number.isFinite(userId)) return String(userId)
  if (typeof userId !== 'string' || userId === '' || Buffer.byteLength(userId) > 512) {
    throw new ConfigError('userId must be a non-empty string of at most 512 bytes')
  }
  return userId
}

function toJson(value: unknown, name: string): string | undefined {
  if (value === undefined) return undefined
  let s: string | undefined
  try {
    s = JSON.stringify(value)
  } catch {
    throw new ConfigError(`${name} must be JSON-serialisable`)
  }
  if (s === undefined) return undefined
  if (Buffer.byteLength(s) > MAX_JSON_BYTES) throw new ConfigError(`${name} must serialise to at most 64 KB`)
  return s
}

/**
 * `iss`/`aud` are the engine's when it has `issuer`/`audience`; without them a caller may set them per
 * session (seed 002's `create({ iss, aud })`): strings (`aud` also a list of strings), never verified here.
 */
function checkClaims(claims: unknown, free: { iss: boolean; aud: boolean }): Record<string, unknown> | null {
  if (claims === undefined) return null
  if (claims === null || typeof claims !== 'object' || Array.isArray(claims))
    throw new ConfigError('claims must be a plain object')
  for (const [k, v] of Object.entries(claims)) {
    if ((k === 'iss' && free.iss) || (k === 'aud' && free.aud)) {
      if (typeof v !== 'string' && !(k === 'aud' && Array.isArray(v) && v.every((a) => typeof a === 'string')))
        throw new ConfigError(`claims.${k} must be a string`)
    } else if (RESERVED_CLAIMS.has(k)) throw new ConfigError(`claims.${k} is reserved and set by jwt-sessions`)
  }
  return claims as Record<string, unknown>
}

function parseJson<T>(s: string | null): T | undefined {
  if (s === null) return undefined
  try {
    return JSON.parse(s) as T
  } catch {
    return undefined
  }
}

/**
 * Creates the session engine: short-lived access tokens, rotating refresh tokens, sessions in a store.
 * @example
 * const sessions = createSessions<{ role: string }>({ store: redisStore({ url }), secret: process.env.JWT_SECRET })
 * const tokens = await sessions.create('user-1', { data: { role: 'admin' } })
 * const { userId, data } = await sessions.verify(tokens.accessToken)
 */
export function createSessions<D = unknown>(options: SessionsOptions): Sessions<D> {
  const cfg = resolveOptions(options)
  const ring = resolveKeyRing(options.secret, options.keys)
  const codec = new AccessTokenCodec(ring, {
    issuer: cfg.issuer,
    audience: cfg.audience,
    clockToleranceMs: cfg.clockToleranceMs,
    maxLifetimeMs: cfg.accessTokenTtlMs,
  })
  const macKey = ring.macKeys[0]
  if (!macKey) throw new ConfigError('keys must contain an active key with key material')
  const { store, clock } = cfg
  const life: Lifetimes = { idleTtlMs: cfg.refreshTokenTtlMs, graceMs: cfg.refreshReuseGraceMs }
  // The lifetimes go to the store once; every session call below goes through this backend.
  const rawBackend = store.sessions(life)
  const missing = missingMethods(rawBackend, SESSION_METHODS)
  if (missing.length > 0)
    throw new ConfigError(`store.sessions() must return a session backend; missing: ${missing.join(', ')}`)
  // Metrics, spans and the logger; `backend` is the instrumented one when telemetry is on.
  const obs = observe(options, { store: rawBackend, owner: store, clock })
  // With localCache on, the backend is wrapped: verify answers from memory while Redis's invalidations flow.
  const backend = withLocalCache(obs.store, store, resolveLocalCache(options.localCache), life)
  const events = new SessionEmitter(obs.sink)
  obs.listen(events)
  const counters = { created: 0, refreshed: 0, revoked: 0, evicted: 0, reuseDetected: 0 }
  const { store: _s, clock: _k, ...publicConfig } = cfg
  const config: Sessions<D>['config'] = Object.freeze(publicConfig)

  const info = (userId: string, s: ListedSession): SessionInfo => ({
    sessionId: formatSessionId(userId, s.key),
    userId,
    createdAt: s.createdAt,
    lastActiveAt: s.lastActiveAt,
    expiresAt: sessionEndsAt(s, life.idleTtlMs),
    meta: parseJson<SessionMeta>(s.meta) ?? {},
  })

  const emitRevoked = (userId: string, keys: string[], reason: 'revoke' | 'revokeAll' | 'reuse') => {
    for (const key of keys) {
      counters.revoked++
      events.emit('revoked', { userId, sessionId: formatSessionId(userId, key), reason })
    }
  }

  /** Verifies an access token's signature and claims and ties it to a session id. */
  const readAccessToken = (token: unknown, now: number, ignoreExpiry = false) => {
    const claims = codec.verify(token, now, ignoreExpiry)
    // The signed sid must be `<base64url(sub)>.<key>` (encoding sub, memoised, is cheaper than decoding sid).
    const userTag = b64url(claims.sub)
    const sid = claims.sid
    const key = sid.slice(userTag.length + 1)
    if (
      sid.length !== userTag.length + 17 ||
      !sid.startsWith(userTag) ||
      sid.charCodeAt(userTag.length) !== 46 ||
      !isSessionKey(key)
    ) {
      throw new TokenInvalidError('The token names no valid session')
    }
    return { claims, userId: claims.sub, userTag, key }
  }

  const sessions: Sessions<D> = {
    config,
    store: cfg.store,

    async create(userIdIn, opts: CreateOptions<D> = {}) {
      const userId = toUserId(userIdIn)
      if (opts === null || typeof opts !== 'object') throw new ConfigError('create options must be an object')
      const claims = checkClaims(opts.claims, { iss: cfg.issuer === undefined, aud: cfg.audience === undefined })
      const now = clock()
      const key = newSessionKey()
      const secret = newSecret()
      const absoluteExpiresAt = now + cfg.sessionTtlMs
      const ages = await obs.agesBefore(userId, Number.isFinite(cfg.maxSessionsPerUser))
      const { evicted } = await backend.create({
        userId,
        key,
        now,
        absoluteExpiresAt,
        refreshHash: hashSecret(secret),
        maxSessions: cfg.maxSessionsPerUser,
        data: toJson(opts.data, 'data'),
        meta: toJson(opts.meta, 'meta'),
        claims: claims ? toJson(claims, 'claims') : undefined,
      })
      for (const k of evicted) {
        counters.evicted++
        events.emit('evicted', { userId, sessionId: formatSessionId(userId, k), reason: 'maxSessionsPerUser' })
      }
      obs.evicted(ages, evicted)
      counters.created++
      const pair = issuePair(
        codec,
        macKey,
        {
          userId,
          userTag: b64url(userId),
          key,
          generation: 0,
          issuedAt: now,
          absoluteExpiresAt,
          secret,
          claims,
          bindGeneration: cfg.revokeAccessOnRefresh,
        },
        cfg.accessTokenTtlMs,
        life.idleTtlMs,
      )
      events.emit('created', { userId, sessionId: pair.sessionId, ...(opts.meta ? { meta: opts.meta } : {}) })
      return pair
    },

    async verify(accessToken): Promise<SessionContext<D>> {
      const now = clock()
      const t = readAccessToken(accessToken, now)
      // Tokens minted before revokeAccessOnRefresh was turned on carry no `gen`: unbound until their exp.
      const gen = cfg.revokeAccessOnRefresh ? t.claims['gen'] : undefined
      if (gen !== undefined && (typeof gen !== 'number' || !Number.isSafeInteger(gen) || gen < 0))
        throw new TokenInvalidError('The token has no valid gen claim')
      const found = await backend.verify(t.userId, t.key, now, cfg.touchIntervalMs, gen)
      if (!found) throw new SessionRevokedError('The session has ended', t.claims.sid)
      if (found.superseded) throw new TokenInvalidError(SUPERSEDED_MESSAGE)
      return {
        userId: t.userId,
        sessionId: t.claims.sid,
        claims: t.claims,
        data: parseJson<D>(found.data) as D,
        expiresAt: t.claims.exp * 1000,
      }
    },

    async validate(accessToken): Promise<ValidationResult> {
      const now = clock()
      try {
        const ctx = await sessions.verify(accessToken)
        const timeUntilExpiry = Math.max(0, ctx.expiresAt - now)
        return {
          isValid: true,
          isExpired: false,
          needsRefresh: timeUntilExpiry <= cfg.refreshThresholdMs,
          expiresAt: ctx.expiresAt,
          timeUntilExpiry,
          userId: ctx.userId,
        }
      } catch (err) {
        if (err instanceof StoreUnavailableError || !(err instanceof JwtSessionsError)) throw err
        if (err instanceof TokenExpiredError) {
          const claims = readAccessToken(accessToken, now, true).claims
          return {
            isValid: false,
            isExpired: true,
            needsRefresh: true,
            expiresAt: claims.exp * 1000,
            timeUntilExpiry: 0,
            userId: claims.sub,
            code: err.code,
          }
        }
        return {
          isValid: false,
          isExpired: false,
          needsRefresh: false,
          expiresAt: null,
          timeUntilExpiry: 0,
          userId: null,
          code: err.code,
        }
      }
    },

    async refresh(refreshToken, opts = {}): Promise<TokenSet> {
      const parsed = parseRefreshToken(refreshToken, ring.macKeys)
      const id = userFromTag(parsed.userTag, parsed.key)
      if (!id) throw new TokenInvalidError('The refresh token is invalid')
      const now = clock()
      const successor = newSecret()
      const result = await backend.rotate({
        userId: id.userId,
        key: id.key,
        now,
        presentedHash: hashSecret(parsed.secret),
        newHash: hashSecret(successor),
        graceBlob: sealSuccessor(parsed.secret, successor),
        meta: opts?.meta ? toJson(opts.meta, 'meta') : undefined,
      })
      const sessionId = formatSessionId(id.userId, id.key)
      switch (result.kind) {
        case 'rotated': {
          counters.refreshed++
          events.emit('refreshed', { userId: id.userId, sessionId, generation: result.session.generation })
          return issuePair(
            codec,
            macKey,
            {
              ...id,
              generation: result.session.generation,
              issuedAt: now,
              absoluteExpiresAt: result.session.absoluteExpiresAt,
              secret: successor,
              claims: parseJson(result.claims) ?? null,
              bindGeneration: cfg.revokeAccessOnRefresh,
            },
            cfg.accessTokenTtlMs,
            life.idleTtlMs,
          )
        }
        case 'grace': {
          const secret = openSuccessor(parsed.secret, result.graceBlob)
          if (!secret) throw new TokenInvalidError('The refresh token is invalid')
          return issuePair(
            codec,
            macKey,
            {
              ...id,
              generation: result.session.generation,
              issuedAt: result.rotatedAt,
              absoluteExpiresAt: result.session.absoluteExpiresAt,
              secret,
              claims: parseJson(result.claims) ?? null,
              bindGeneration: cfg.revokeAccessOnRefresh,
            },
            cfg.accessTokenTtlMs,
            life.idleTtlMs,
          )
        }
        case 'reused': {
          counters.reuseDetected++
          events.emit('reuseDetected', { userId: id.userId, sessionId, reason: result.reason })
          emitRevoked(id.userId, [id.key], 'reuse')
          throw new RefreshTokenReusedError(sessionId, id.userId)
        }
        default:
          throw new SessionRevokedError('The session has ended', sessionId)
      }
    },

    async revoke(sessionIdOrToken) {
      if (typeof sessionIdOrToken !== 'string' || sessionIdOrToken === '') return false
      const now = clock()
      let id: { userId: string; key: string } | null = null
      try {
        if (looksLikeRefreshToken(sessionIdOrToken)) {
          const p = parseRefreshToken(sessionIdOrToken, ring.macKeys)
          id = userFromTag(p.userTag, p.key)
        } else if (sessionIdOrToken.split('.').length === 3) {
          id = readAccessToken(sessionIdOrToken, now, true)
        } else {
          id = parseSessionId(sessionIdOrToken)
        }
      } catch (err) {
        if (err instanceof StoreUnavailableError) throw err
        return false
      }
      if (!id) return false
      const byToken = looksLikeRefreshToken(sessionIdOrToken) || sessionIdOrToken.split('.').length === 3
      const ok = await obs.endOne(id.userId, id.key, byToken, () => backend.revoke(id.userId, id.key, now))
      if (ok) emitRevoked(id.userId, [id.key], 'revoke')
      return ok
    },

    async revokeAll(userIdIn, opts = {}) {
      const userId = toUserId(userIdIn)
      const except = opts?.except === undefined ? undefined : parseSessionId(opts.except)
      const keep = except && except.userId === userId ? except.key : undefined
      const gone = await obs.endMany(userId, () => backend.revokeAll(userId, keep, clock()))
      emitRevoked(userId, gone, 'revokeAll')
      return gone.length
    },

    async list(userIdIn) {
      const userId = toUserId(userIdIn)
      return (await backend.list(userId, clock())).map((s) => info(userId, s))
    },

    async get(sessionId) {
      const id = parseSessionId(sessionId)
      if (!id) return null
      const s = await backend.get(id.userId, id.key, clock())
      return s ? { ...info(id.userId, s), data: parseJson<D>(s.data) } : null
    },

    async update(sessionId, data) {
      const id = parseSessionId(sessionId)
      if (!id) return false
      return backend.update(id.userId, id.key, toJson(data, 'data') ?? null, clock())
    },

    async touch(sessionId) {
      const id = parseSessionId(sessionId)
      if (!id) return false
      return backend.touch(id.userId, id.key, clock())
    },

    async stats(userIdIn?: string): Promise<SessionStats> {
      if (userIdIn === undefined) {
        if (!backend.countAll)
          throw new ConfigError(`the ${store.kind} store cannot count all sessions: give stats() a user id`)
        const all = await backend.countAll(clock())
        return { activeSessions: all.sessions, users: all.users, counters: { ...counters } }
      }
      const userId = toUserId(userIdIn)
      const list = await sessions.list(userId)
      const created = list.map((s) => s.createdAt)
      return {
        activeSessions: list.length,
        userId,
        oldestSessionCreatedAt: created.length ? Math.min(...created) : null,
        newestSessionCreatedAt: created.length ? Math.max(...created) : null,
        lastActiveAt: list.length ? Math.max(...list.map((s) => s.lastActiveAt)) : null,
        counters: { ...counters },
      }
    },

    on: (event, fn) => events.on(event, fn),

    jwks: () => ({ keys: [...ring.byKid.values()].flatMap((k) => (k.jwk ? [k.jwk] : [])) }),

    async health() {
      try {
        return { ok: true, store: store.kind, latencyMs: Math.round((await store.ping()) * 100) / 100 }
      } catch {
        return { ok: false, store: store.kind, latencyMs: null }
      }
    },

    close: () => store.close(),
  }
  return obs.finish(sessions)
}
