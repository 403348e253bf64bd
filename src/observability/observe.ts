/**
 * One engine's observability: the log sink, the instruments (when a MeterProvider is found), the
 * tracer (when traces are on), and the few hooks `createSessions` calls. With nothing configured
 * and no provider found, every hook is a pass-through and the store is used unwrapped.
 */
import type { SessionEmitter } from '../sessions/events.js'
import { formatSessionId } from '../sessions/session-id.js'
import type { Sessions } from '../sessions/types.js'
import type { AdminStore, SessionBackend } from '../stores/types.js'
import { ATTR, codeOf, createInstruments, type Instruments } from './instruments.js'
import { instrumentSessions } from './instrument-sessions.js'
import { instrumentStore } from './instrument-store.js'
import { globalMeterProvider, globalTracerProvider } from './load-api.js'
import { liveSessionsGauge, type LiveSessions } from './live-sessions.js'
import { checkLogger, consoleSink, structuredSink, type LogSink } from './logger.js'
import { inLogout } from './logout-scope.js'
import { resolveTelemetry, type TelemetryOptions } from './options.js'
import type { TracerLike } from './otel-types.js'
import { attach, type Attached } from './registry.js'

const NAME = 'jwt-sessions'

/** What `createSessions` needs from its observability. */
export interface Observation extends Attached {
  /** The session backend to call: instrumented when metrics or traces are on, else the backend itself. */
  readonly store: SessionBackend & Partial<AdminStore>
  readonly tracer: TracerLike | undefined
  readonly traceUserId: boolean
  /** True when instruments record (HTTP logout scoping is then worth its cost). */
  readonly metering: boolean
  /** Counts and logs from the engine's events. */
  listen(events: SessionEmitter): void
  /** Runs one revoke; `byToken` when the caller held a token (a logout). */
  endOne(userId: string, key: string, byToken: boolean, run: () => Promise<boolean>): Promise<boolean>
  /** Runs a revokeAll, resolving to the keys it ended. */
  endMany(userId: string, run: () => Promise<string[]>): Promise<string[]>
  /** Session ages before a create that may evict (undefined when not measured). */
  agesBefore(userId: string, mayEvict: boolean): Promise<Map<string, number> | undefined>
  /** Records the ends of evicted sessions. */
  evicted(ages: Map<string, number> | undefined, keys: string[]): void
  /** Instruments the engine's methods and registers it; returns it. */
  finish<D>(sessions: Sessions<D>): Sessions<D>
}

interface Context {
  /** The engine's session backend (`store.sessions(life)`), lifetimes already bound. */
  store: SessionBackend & Partial<AdminStore>
  /** The store itself: limiters, guards and outage lines find the engine through it. */
  owner: { readonly kind: string }
  clock: () => number
}

/** Builds the observability of one engine from its `logger` and `telemetry` options. */
export function observe(
  options: { logger?: unknown; telemetry?: TelemetryOptions | false },
  ctx: Context,
): Observation {
  const logger = checkLogger(options.logger)
  const sink: LogSink = logger ? structuredSink(logger) : consoleSink
  const t = resolveTelemetry(options.telemetry)
  const meterProvider = t.metrics ? (t.meterProvider ?? globalMeterProvider()) : undefined
  const tracerProvider = t.traces ? (t.tracerProvider ?? globalTracerProvider()) : undefined
  if (t.explicit && ((t.metrics && !meterProvider) || (t.traces && !tracerProvider))) {
    sink.log(
      'warn',
      'config.telemetry_unavailable',
      'telemetry was asked for but no OpenTelemetry provider was found (is @opentelemetry/api installed and the SDK started first?)',
    )
  }
  const m: Instruments | undefined = meterProvider ? createInstruments(meterProvider.getMeter(NAME)) : undefined
  const tracer = tracerProvider?.getTracer(NAME)
  const raw = ctx.store
  const store =
    m || tracer
      ? instrumentStore(raw, { errors: m?.storeErrors, tracer, traceUserId: t.traceUserId, kind: ctx.owner.kind })
      : raw
  const live: LiveSessions =
    m && meterProvider
      ? liveSessionsGauge(
          m.active,
          t.liveSessions,
          async () => (raw.countAll ? (await raw.countAll(ctx.clock())).sessions : 0),
          meterProvider,
        )
      : { delta: () => undefined }
  const durations = m !== undefined && t.sessionDurations

  const ended = (reason: string, n: number, ages?: Array<number | undefined>) => {
    if (!m || n === 0) return
    m.revoked.add(n, { [ATTR.reason]: reason })
    live.delta(-n)
    const now = ctx.clock()
    for (const born of ages ?? [])
      if (born !== undefined) m.sessionDuration.record(Math.max(0, now - born) / 1000, { [ATTR.reason]: reason })
  }
  const agesOf = async (userId: string): Promise<Map<string, number> | undefined> => {
    if (!durations) return undefined
    try {
      return new Map((await raw.list(userId, ctx.clock())).map((s) => [s.key, s.createdAt]))
    } catch {
      return undefined // The operation itself will meet the outage and report it.
    }
  }

  const self: Observation = {
    sink,
    store,
    tracer,
    traceUserId: t.traceUserId,
    metering: m !== undefined,
    refusal(limiter, reason) {
      m?.rateLimitRefusals.add(1, { [ATTR.limiter]: limiter, [ATTR.reason]: reason })
    },
    storeError(operation, err) {
      m?.storeErrors.add(1, { [ATTR.storeOperation]: operation, [ATTR.errorType]: codeOf(err) })
    },
    listen(events) {
      events.on('reuseDetected', (e) => {
        m?.reuseDetected.add(1, { [ATTR.reason]: e.reason })
        sink.log('warn', 'session.reuse_detected', 'a retired refresh token was presented; the session is revoked', {
          audit: true,
          userId: e.userId,
          sessionId: e.sessionId,
          reason: e.reason,
        })
      })
      if (!m) return
      events.on('created', () => {
        m.created.add(1)
        live.delta(1)
      })
      events.on('refreshed', () => m.refreshed.add(1))
      events.on('revoked', (e) => {
        if (e.reason === 'reuse') ended('reuse', 1)
      })
    },
    async endOne(userId, key, byToken, run) {
      const born = durations ? (await raw.get(userId, key, ctx.clock()).catch(() => null))?.createdAt : undefined
      const ok = await run()
      if (ok) ended(byToken || inLogout() ? 'logout' : 'admin', 1, [born])
      return ok
    },
    async endMany(userId, run) {
      const ages = await agesOf(userId)
      const gone = await run()
      ended(
        'revokeAll',
        gone.length,
        gone.map((k) => ages?.get(k)),
      )
      sink.log('warn', 'session.revoke_all', `all sessions of a user were revoked (${gone.length})`, {
        audit: true,
        userId,
        sessionIds: gone.map((k) => formatSessionId(userId, k)),
        count: gone.length,
      })
      return gone
    },
    agesBefore: (userId, mayEvict) => (mayEvict ? agesOf(userId) : Promise.resolve(undefined)),
    evicted(ages, keys) {
      ended(
        'eviction',
        keys.length,
        keys.map((k) => ages?.get(k)),
      )
    },
    finish(sessions) {
      if (m) instrumentSessions(sessions, m)
      attach(ctx.owner, self)
      attach(raw, self)
      attach(sessions, self)
      return sessions
    },
  }
  return self
}
