import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
  type DataPoint,
  type Histogram,
} from '@opentelemetry/sdk-metrics'
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base'

/** A real SDK MeterProvider whose reader exports to memory on demand. */
export function memoryMeter() {
  const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE)
  // A long interval: tests export explicitly with `points()`.
  const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 })
  const provider = new MeterProvider({ readers: [reader] })
  /** Exports now and returns the latest data points of `name`. */
  const points = async <T = number>(name: string): Promise<DataPoint<T>[]> => {
    exporter.reset()
    await reader.forceFlush()
    const all = exporter.getMetrics().flatMap((r) => r.scopeMetrics.flatMap((s) => s.metrics))
    return all.filter((m) => m.descriptor.name === name).flatMap((m) => m.dataPoints as DataPoint<T>[])
  }
  /** The value of the point whose attributes include `attrs` (0 when there is none). */
  const value = async (name: string, attrs: Record<string, string> = {}): Promise<number> => {
    const p = (await points(name)).find((d) => Object.entries(attrs).every(([k, v]) => d.attributes[k] === v))
    return typeof p?.value === 'number' ? p.value : 0
  }
  /** The histogram point whose attributes include `attrs`. */
  const histogram = async (name: string, attrs: Record<string, string> = {}): Promise<Histogram | undefined> =>
    (await points<Histogram>(name)).find((d) => Object.entries(attrs).every(([k, v]) => d.attributes[k] === v))?.value
  /** The unit of `name` as exported. */
  const unit = async (name: string): Promise<string | undefined> => {
    exporter.reset()
    await reader.forceFlush()
    return exporter
      .getMetrics()
      .flatMap((r) => r.scopeMetrics.flatMap((s) => s.metrics))
      .find((m) => m.descriptor.name === name)?.descriptor.unit
  }
  return { provider, points, value, histogram, unit, shutdown: () => provider.shutdown() }
}

/** A real SDK TracerProvider recording finished spans in memory. */
export function memoryTracer() {
  const exporter = new InMemorySpanExporter()
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] })
  return {
    provider,
    spans: () => exporter.getFinishedSpans(),
    reset: () => exporter.reset(),
    shutdown: () => provider.shutdown(),
  }
}

/** A logger that records structured calls, pino-style. */
export function recordingLogger() {
  const lines: Array<{ level: string; record: Record<string, unknown>; message: string | undefined }> = []
  const at = (level: string) => (record: Record<string, unknown>, message?: string) =>
    void lines.push({ level, record, message })
  return {
    logger: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') },
    lines,
    events: () => lines.map((l) => l.record['event']),
  }
}
