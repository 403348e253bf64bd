import { metrics } from '@opentelemetry/api'
import { MeterProvider, PeriodicExportingMetricReader, type PushMetricExporter } from '@opentelemetry/sdk-metrics'
import type { SetupTarget } from '../types.js'
import { setupJwtSessions } from './jwt-sessions.js'

/** Collects like a real exporter would (every second, every instrument) and drops the batch. */
const discard: PushMetricExporter = {
  export: (_batch, done) => done({ code: 0 }),
  forceFlush: async () => undefined,
  shutdown: async () => undefined,
}

/**
 * jwt-sessions `auth` (header) with the OpenTelemetry SDK's MeterProvider registered globally
 * before the engine is created, as an app would: verify is timed, failures counted.
 */
export const setup: SetupTarget = async (redisUrl) => {
  const provider = new MeterProvider({
    readers: [new PeriodicExportingMetricReader({ exporter: discard, exportIntervalMillis: 1000 })],
  })
  metrics.setGlobalMeterProvider(provider)
  const target = await setupJwtSessions(redisUrl, 'header')
  const close = async () => {
    await target.close()
    await provider.shutdown()
  }
  return { ...target, close }
}
