/**
 * Spans around the framework-neutral HTTP handlers (when the engine traces), and the logout scope
 * that lets a revoke from the logout handler count as `logout`. Applied once, where `createHttpCore`
 * builds the handler object; an engine without telemetry gets its core back untouched.
 */
import type { HttpCore } from '../http/core.js'
import { ATTR } from './instruments.js'
import { asLogout } from './logout-scope.js'
import type { SpanLike } from './otel-types.js'
import { attachedTo } from './registry.js'
import type { Observation } from './observe.js'
import { inSpan } from './spans.js'

const HANDLERS = ['authenticate', 'requireAuth', 'signIn', 'rotate', 'refresh', 'logout', 'logoutAll'] as const

function onResult(userIds: boolean) {
  return (span: SpanLike, r: unknown) => {
    if (r === null || typeof r !== 'object') return
    const status = (r as { status?: unknown }).status
    if (typeof status === 'number') span.setAttribute('http.response.status_code', status)
    const userId = (r as { context?: { userId?: unknown } }).context?.userId
    if (userIds && typeof userId === 'string') span.setAttribute(ATTR.userId, userId)
  }
}

/** The core with its handlers wrapped; `core` itself when its engine has no telemetry. */
export function instrumentCore<D, C extends HttpCore<D>>(core: C): C {
  const obs = attachedTo(core.sessions) as Observation | undefined
  if (!obs || (!obs.tracer && !obs.metering)) return core
  const out = { ...core } as Record<string, unknown>
  const tracer = obs.tracer
  for (const name of HANDLERS) {
    const fn = core[name] as unknown as (...a: unknown[]) => unknown
    const scoped = name === 'logout' ? (...a: unknown[]) => asLogout(() => fn(...a)) : fn
    out[name] = tracer
      ? (...a: unknown[]) =>
          inSpan(
            tracer,
            `jwt_sessions.http.${name}`,
            { 'jwt_sessions.http.handler': name },
            () => scoped(...a),
            onResult(obs.traceUserId),
          )
      : scoped
  }
  return Object.freeze(out) as C
}
