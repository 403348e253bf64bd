/**
 * jwt-sessions metrics scraped by Prometheus, through the OpenTelemetry Prometheus exporter.
 *
 *   npx tsx examples/observability/prometheus.ts        # then: curl http://127.0.0.1:9464/metrics
 *
 * Env: METRICS_PORT (default 9464), REDIS_URL (default: the in-process memory store).
 * Runs a short scripted scenario (sign-ins, verifications, refreshes, a reused refresh token, a
 * logout, a revokeAll) and keeps serving /metrics until stdin closes or SIGINT/SIGTERM.
 */
import { metrics } from '@opentelemetry/api'
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus'
import { MeterProvider } from '@opentelemetry/sdk-metrics'
import { createSessions, memoryStore, redisStore } from '../../src/index.js'

// 1. Start the SDK first: the engine looks for the global MeterProvider when it is created.
const port = Number(process.env['METRICS_PORT'] ?? 9464)
const exporter = new PrometheusExporter({ host: '127.0.0.1', port })
const provider = new MeterProvider({ readers: [exporter] })
metrics.setGlobalMeterProvider(provider)

// 2. The engine: metrics need no option; `logger` takes pino or console.
const redisUrl = process.env['REDIS_URL']
const sessions = createSessions({
  store: redisUrl ? redisStore({ url: redisUrl, keyPrefix: 'example-obs:' }) : memoryStore(),
  secret: process.env['JWT_SECRET'] ?? 'example-only-secret-of-at-least-32-bytes',
  refreshReuseGrace: 0,
  logger: console,
})

// 3. A scripted scenario, so that every figure has data.
const alice = await sessions.create('alice')
await sessions.create('alice')
const bob = await sessions.create('bob')
for (const t of [alice, bob, alice]) await sessions.verify(t.accessToken)
await sessions.verify('not-a-token').catch(() => undefined)
const rotated = await sessions.refresh(alice.refreshToken)
await sessions.refresh(bob.refreshToken)
await new Promise((r) => setTimeout(r, 5))
await sessions.refresh(alice.refreshToken).catch(() => undefined) // reuse: alice's session is revoked
await sessions.verify(rotated.accessToken).catch(() => undefined) // SESSION_REVOKED
await sessions.revokeAll('bob')

console.log(`ready: metrics at http://127.0.0.1:${port}/metrics`)

// 4. Serve until told to stop, then close everything so the process exits by itself.
const stop = async () => {
  await sessions.close()
  await provider.shutdown()
}
process.stdin.on('end', () => void stop())
process.stdin.resume()
process.once('SIGINT', () => void stop())
process.once('SIGTERM', () => void stop())
