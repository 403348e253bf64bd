// The telemetry and logger options against the real OpenTelemetry SDK types (compiled by
// test/integration/package-exports.test.ts against the built package).
import { MeterProvider } from '@opentelemetry/sdk-metrics'
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base'
import { metrics, trace } from '@opentelemetry/api'
import { createSessions, memoryStore, type Logger, type TelemetryOptions } from 'jwt-sessions'

const secret = 'x'.repeat(32)
const telemetry: TelemetryOptions = {
  meterProvider: new MeterProvider(),
  tracerProvider: new BasicTracerProvider(),
  traces: true,
  liveSessions: { sampleEvery: '5m' },
}
createSessions({ store: memoryStore(), secret, telemetry, logger: console })
createSessions({
  store: memoryStore(),
  secret,
  telemetry: { meterProvider: metrics.getMeterProvider(), tracerProvider: trace.getTracerProvider() },
})
createSessions({ store: memoryStore(), secret, telemetry: false })
const pinoLike: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: (record) => void record.event,
  error: () => undefined,
}
createSessions({ store: memoryStore(), secret, logger: pinoLike })
// @ts-expect-error a logger needs all four levels
createSessions({ store: memoryStore(), secret, logger: { warn: () => undefined } })
// @ts-expect-error liveSessions takes 'counters', { sampleEvery } or false
createSessions({ store: memoryStore(), secret, telemetry: { liveSessions: 'scan' } })
