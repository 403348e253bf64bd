/**
 * The few OpenTelemetry API shapes jwt-sessions calls, written out structurally so that the public
 * types never name `@opentelemetry/api` (an optional peer: a consumer without it must still compile).
 * A real `MeterProvider` / `TracerProvider` from the API or an SDK satisfies them.
 */

/** Attribute values as OpenTelemetry accepts them. */
export type OtelAttributes = Record<string, string | number | boolean>

/** A counter (`Meter.createCounter`). */
export interface CounterLike {
  add(value: number, attributes?: OtelAttributes): void
}

/** A histogram (`Meter.createHistogram`). */
export interface HistogramLike {
  record(value: number, attributes?: OtelAttributes): void
}

/** What an observable callback receives. */
export interface ObservableResultLike {
  observe(value: number, attributes?: OtelAttributes): void
}

/** An observable gauge (`Meter.createObservableGauge`). */
export interface ObservableLike {
  addCallback(callback: (result: ObservableResultLike) => void | Promise<void>): void
}

/** Instrument options: description, unit (UCUM), advice. */
export interface InstrumentOptionsLike {
  description?: string
  unit?: string
  advice?: { explicitBucketBoundaries?: number[] }
}

/** A meter (`MeterProvider.getMeter`). */
export interface MeterLike {
  createCounter(name: string, options?: InstrumentOptionsLike): CounterLike
  createHistogram(name: string, options?: InstrumentOptionsLike): HistogramLike
  createObservableGauge(name: string, options?: InstrumentOptionsLike): ObservableLike
}

/** An OpenTelemetry `MeterProvider`: the SDK's, or the global one the API returns. */
export interface MeterProviderLike {
  getMeter(name: string, version?: string): MeterLike
}

/** A span: only what jwt-sessions sets on it. */
export interface SpanLike {
  setAttribute(key: string, value: string | number | boolean): unknown
  setStatus(status: { code: number; message?: string }): unknown
  end(): void
}

/** A tracer (`TracerProvider.getTracer`). */
export interface TracerLike {
  startActiveSpan<T>(
    name: string,
    options: { attributes?: OtelAttributes; kind?: number },
    fn: (span: SpanLike) => T,
  ): T
}

/** An OpenTelemetry `TracerProvider`. */
export interface TracerProviderLike {
  getTracer(name: string, version?: string): TracerLike
}
