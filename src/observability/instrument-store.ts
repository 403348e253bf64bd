/**
 * Wraps a store to count its failures (by operation) and, when tracing is on, to run each call in
 * a span. Generic over the store's methods, whatever backend or contract revision: every function
 * property is wrapped, and everything else (`kind`, `keyPrefix`, ...) is read through the prototype.
 */
import type { SessionStore } from '../stores/types.js'
import { ATTR, codeOf } from './instruments.js'
import type { CounterLike, OtelAttributes, TracerLike } from './otel-types.js'
import { inSpan } from './spans.js'

/** What the wrapper records to. */
export interface StoreInstrumentation {
  errors: CounterLike | undefined
  tracer: TracerLike | undefined
  /** Put the user id on spans (`enduser.id`). Off unless the app opts in. */
  traceUserId: boolean
}

// Rate-limit buckets are not user ids; `close` must reach the store untouched.
const NO_USER = new Set(['hit', 'refundHit', 'resetBucket', 'ping', 'countAll'])
const SKIP = new Set(['constructor', 'close'])

function methodNames(store: object): string[] {
  const names = new Set<string>()
  for (
    let o: object | null = store;
    o !== null && o !== Object.prototype;
    o = Object.getPrototypeOf(o) as object | null
  ) {
    for (const n of Object.getOwnPropertyNames(o)) {
      if (!SKIP.has(n) && typeof (store as Record<string, unknown>)[n] === 'function') names.add(n)
    }
  }
  return [...names]
}

function userOf(op: string, args: unknown[]): string | undefined {
  if (NO_USER.has(op)) return undefined
  const a = args[0]
  if (typeof a === 'string') return a
  const u = typeof a === 'object' && a !== null ? (a as { userId?: unknown }).userId : undefined
  return typeof u === 'string' ? u : undefined
}

/** The instrumented store; `store` itself is left as it was. */
export function instrumentStore<S extends SessionStore>(store: S, o: StoreInstrumentation): S {
  const wrapped = Object.create(store) as Record<string, unknown>
  const methods = store as unknown as Record<string, (...a: unknown[]) => unknown>
  for (const op of methodNames(store)) {
    const fn = methods[op]
    if (fn === undefined) continue
    const failed = (err: unknown): never => {
      o.errors?.add(1, { [ATTR.storeOperation]: op, [ATTR.errorType]: codeOf(err) })
      throw err
    }
    const call = (args: unknown[]): unknown => {
      const out = fn.apply(store, args)
      return out instanceof Promise ? out.catch(failed) : out
    }
    const tracer = o.tracer
    wrapped[op] = tracer
      ? (...args: unknown[]) => {
          const attributes: OtelAttributes = { [ATTR.storeOperation]: op, [ATTR.storeKind]: store.kind }
          const user = o.traceUserId ? userOf(op, args) : undefined
          if (user !== undefined) attributes[ATTR.userId] = user
          return inSpan(tracer, `jwt_sessions.store.${op}`, attributes, () => call(args))
        }
      : (...args: unknown[]) => call(args)
  }
  return wrapped as unknown as S
}
