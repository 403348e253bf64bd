/**
 * The metric instruments, names and units in one place (docs/observability.md lists them).
 * Units follow OpenTelemetry conventions: durations in seconds (`s`), counts as `{thing}`.
 */
import type { CounterLike, HistogramLike, MeterLike, ObservableLike } from './otel-types.js'

/** Attribute keys, namespaced as OpenTelemetry asks (`error.type` is the semantic convention's). */
export const ATTR = {
  reason: 'jwt_sessions.reason',
  outcome: 'jwt_sessions.outcome',
  operation: 'jwt_sessions.operation',
  limiter: 'jwt_sessions.limiter',
  storeOperation: 'jwt_sessions.store.operation',
  storeKind: 'jwt_sessions.store.kind',
  source: 'jwt_sessions.source',
  errorType: 'error.type',
  userId: 'enduser.id',
} as const

// Request latencies: 50 µs to 2.5 s.
const LATENCY_S = [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5]
// Session lifetimes: a minute to 90 days.
const LIFETIME_S = [60, 300, 900, 3600, 4 * 3600, 86_400, 7 * 86_400, 30 * 86_400, 90 * 86_400]

/** Every instrument an engine records to. */
export interface Instruments {
  created: CounterLike
  refreshed: CounterLike
  revoked: CounterLike
  reuseDetected: CounterLike
  authFailures: CounterLike
  rateLimitRefusals: CounterLike
  storeErrors: CounterLike
  verifyDuration: HistogramLike
  createDuration: HistogramLike
  refreshDuration: HistogramLike
  sessionDuration: HistogramLike
  active: ObservableLike
}

/** Creates the instruments on `meter` (an SDK returns the same instrument for a repeated name). */
export function createInstruments(meter: MeterLike): Instruments {
  const counter = (name: string, unit: string, description: string) =>
    meter.createCounter(`jwt_sessions.${name}`, { unit, description })
  const latency = (name: string, description: string) =>
    meter.createHistogram(`jwt_sessions.${name}.duration`, {
      unit: 's',
      description,
      advice: { explicitBucketBoundaries: LATENCY_S },
    })
  return {
    created: counter('sessions.created', '{session}', 'Sessions started (sign-ins).'),
    refreshed: counter('sessions.refreshed', '{refresh}', 'Refresh tokens rotated into a new pair.'),
    revoked: counter(
      'sessions.revoked',
      '{session}',
      'Sessions ended explicitly, by reason: logout, admin, revokeAll, eviction, reuse.',
    ),
    reuseDetected: counter(
      'refresh_token.reuse_detected',
      '{event}',
      'A retired refresh token was presented; its session was revoked.',
    ),
    authFailures: counter('auth.failures', '{failure}', 'Failed verifications and refreshes, by error code.'),
    rateLimitRefusals: counter(
      'rate_limit.refusals',
      '{request}',
      'Requests refused by a rate limiter or the login guard, by limiter.',
    ),
    storeErrors: counter('store.errors', '{error}', 'Store calls that failed, by store operation and error code.'),
    verifyDuration: latency('verify', 'Access token verification, including the store round trip, by outcome.'),
    createDuration: latency('create', 'Session creation (sign-in), by outcome.'),
    refreshDuration: latency('refresh', 'Refresh token rotation, by outcome.'),
    sessionDuration: meter.createHistogram('jwt_sessions.session.duration', {
      unit: 's',
      description: 'Age of a session when it was ended explicitly (logout, admin, revokeAll, eviction).',
      advice: { explicitBucketBoundaries: LIFETIME_S },
    }),
    active: meter.createObservableGauge('jwt_sessions.sessions.active', {
      unit: '{session}',
      description: 'Live sessions (see the liveSessions option for how it is measured).',
    }),
  }
}

/** The error code of a rejection, for attributes: a library code, or `Error` for anything else. */
export function codeOf(err: unknown): string {
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined
  return typeof code === 'string' && /^[A-Z_]{1,40}$/.test(code) ? code : 'Error'
}

/** Codes that mean "this credential did not authenticate" (not an outage, not a programming error). */
export const AUTH_FAILURE_CODES: ReadonlySet<string> = new Set([
  'TOKEN_MISSING',
  'TOKEN_INVALID',
  'TOKEN_EXPIRED',
  'SESSION_REVOKED',
  'REFRESH_TOKEN_REUSED',
])
