import { parseDuration, type Duration } from '../config/duration.js'
import { rejectUnknownKeys } from '../config/unknown-keys.js'
import { ConfigError } from '../errors/index.js'
import type { MeterProviderLike, TracerProviderLike } from './otel-types.js'

/**
 * The `telemetry` option of `createSessions`. Metrics need `@opentelemetry/api` (optional peer) and
 * a registered MeterProvider, or a `meterProvider` passed here. `telemetry: false` switches
 * everything off and never looks for the API.
 * @example createSessions({ store, secret, telemetry: { traces: true, liveSessions: { sampleEvery: '5m' } } })
 */
export interface TelemetryOptions {
  /** Record metrics. Default `true` (a no-op when no MeterProvider is found). */
  metrics?: boolean
  /** Record to this provider instead of the global one (which must be registered before `createSessions`). */
  meterProvider?: MeterProviderLike
  /** Spans around store calls and HTTP handlers. Default `false`. */
  traces?: boolean
  /** Trace through this provider instead of the global one. */
  tracerProvider?: TracerProviderLike
  /** Put the user id on spans as `enduser.id`. Default `false`: spans carry no user data. */
  traceUserId?: boolean
  /**
   * Record `jwt_sessions.session.duration`: one extra store read before `revoke`, `revokeAll`, and
   * `create` when `maxSessionsPerUser` can evict, to learn the ages of the sessions ending. Default `true`.
   */
  sessionDurations?: boolean
  /**
   * How `jwt_sessions.sessions.active` is measured. `'counters'` (default): sessions this process
   * started minus those it ended, with no store call (idle expiry is not seen, so it drifts up).
   * `{ sampleEvery }`: the store-wide admin count (SCAN on Redis), refreshed in the background at
   * most this often, the gauge reporting the latest sample. `false`: no gauge.
   */
  liveSessions?: 'counters' | { sampleEvery: Duration } | false
}

/** Validated telemetry options. */
export interface ResolvedTelemetry {
  metrics: boolean
  meterProvider: MeterProviderLike | undefined
  traces: boolean
  tracerProvider: TracerProviderLike | undefined
  traceUserId: boolean
  sessionDurations: boolean
  liveSessions: 'counters' | { sampleEveryMs: number } | false
  /** True when the app asked for metrics or traces explicitly (a missing API is then worth a warning). */
  explicit: boolean
}

const KEYS = ['metrics', 'meterProvider', 'traces', 'tracerProvider', 'traceUserId', 'sessionDurations', 'liveSessions']

function bool(v: unknown, name: string, dflt: boolean): boolean {
  if (v === undefined) return dflt
  if (typeof v !== 'boolean') throw new ConfigError(`telemetry.${name} must be true or false`)
  return v
}

function provider<T>(v: unknown, name: string, method: string): T | undefined {
  if (v === undefined) return undefined
  if (v === null || typeof v !== 'object' || typeof (v as Record<string, unknown>)[method] !== 'function') {
    throw new ConfigError(
      `telemetry.${name} must be an OpenTelemetry ${name === 'meterProvider' ? 'MeterProvider' : 'TracerProvider'} (with ${method}())`,
    )
  }
  return v as T
}

function live(v: unknown): ResolvedTelemetry['liveSessions'] {
  if (v === undefined || v === 'counters') return 'counters'
  if (v === false) return false
  if (v !== null && typeof v === 'object') {
    rejectUnknownKeys(v, ['sampleEvery'], 'telemetry.liveSessions')
    const ms = parseDuration(
      (v as { sampleEvery?: Duration }).sampleEvery as Duration,
      'telemetry.liveSessions.sampleEvery',
    )
    if (ms < 1000) throw new ConfigError('telemetry.liveSessions.sampleEvery must be at least 1s')
    return { sampleEveryMs: ms }
  }
  throw new ConfigError(`telemetry.liveSessions must be 'counters', { sampleEvery } or false`)
}

/** Validates `telemetry` once, at construction. `false` resolves to everything off. */
export function resolveTelemetry(t: TelemetryOptions | false | undefined): ResolvedTelemetry {
  if (t === false) {
    return {
      metrics: false,
      meterProvider: undefined,
      traces: false,
      tracerProvider: undefined,
      traceUserId: false,
      sessionDurations: false,
      liveSessions: false,
      explicit: false,
    }
  }
  if (t !== undefined && (t === null || typeof t !== 'object'))
    throw new ConfigError('telemetry must be an object or false')
  const o = t ?? {}
  rejectUnknownKeys(o, KEYS, 'telemetry')
  return {
    metrics: bool(o.metrics, 'metrics', true),
    meterProvider: provider<MeterProviderLike>(o.meterProvider, 'meterProvider', 'getMeter'),
    traces: bool(o.traces, 'traces', false),
    tracerProvider: provider<TracerProviderLike>(o.tracerProvider, 'tracerProvider', 'getTracer'),
    traceUserId: bool(o.traceUserId, 'traceUserId', false),
    sessionDurations: bool(o.sessionDurations, 'sessionDurations', true),
    liveSessions: live(o.liveSessions),
    explicit: o.metrics === true || o.traces === true,
  }
}
