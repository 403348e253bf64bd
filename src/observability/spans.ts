/**
 * Runs work inside a span: outcome attribute `ok` or the error code, status ERROR on failure (the
 * status message is the code, never the error message, which may quote input).
 */
import { ATTR, codeOf } from './instruments.js'
import type { OtelAttributes, SpanLike, TracerLike } from './otel-types.js'

const STATUS_ERROR = 2 // SpanStatusCode.ERROR, without importing the API.
const SPAN_KIND_INTERNAL = 0

function settle(span: SpanLike, err?: unknown): void {
  if (err === undefined) span.setAttribute(ATTR.outcome, 'ok')
  else {
    const code = codeOf(err)
    span.setAttribute(ATTR.outcome, code)
    span.setStatus({ code: STATUS_ERROR, message: code })
  }
  span.end()
}

/** `fn()` in a span named `name`; `onResult` may add attributes from the result before the span ends. */
export function inSpan<T>(
  tracer: TracerLike,
  name: string,
  attributes: OtelAttributes,
  fn: () => T,
  onResult?: (span: SpanLike, result: Awaited<T>) => void,
): T {
  return tracer.startActiveSpan(name, { attributes, kind: SPAN_KIND_INTERNAL }, (span) => {
    let out: T
    try {
      out = fn()
    } catch (err) {
      settle(span, err)
      throw err
    }
    if (out instanceof Promise) {
      return out.then(
        (v: Awaited<T>) => {
          onResult?.(span, v)
          settle(span)
          return v
        },
        (err: unknown) => {
          settle(span, err)
          throw err
        },
      ) as T
    }
    onResult?.(span, out as Awaited<T>)
    settle(span)
    return out
  })
}
