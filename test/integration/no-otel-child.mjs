// Child of observability-no-api.test.ts: uses the built package (ESM or CJS build, per argv) with
// @opentelemetry/* unresolvable, and prints what happened as one JSON line.
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const [format, telemetryJson] = process.argv.slice(2)
const m = format === 'cjs' ? require('../../dist/index.cjs') : await import('../../dist/index.js')
const warnings = []
console.warn = (...a) => void warnings.push(a.join(' '))
const telemetry = telemetryJson === 'default' ? undefined : JSON.parse(telemetryJson)
const s = m.createSessions({
  store: m.memoryStore(),
  secret: 'no-otel-secret-of-at-least-32-bytes!!',
  ...(telemetry === undefined ? {} : { telemetry }),
})
const t = await s.create('u')
await s.verify(t.accessToken)
const next = await s.refresh(t.refreshToken)
const revoked = await s.revoke(next.refreshToken)
const afterRevoke = await s.verify(next.accessToken).then(
  () => 'ok',
  (e) => e.code,
)
await s.close()
const loaded = Object.keys(require.cache).filter((k) => k.includes('@opentelemetry'))
console.log(JSON.stringify({ revoked, afterRevoke, attempts: globalThis.__otelAttempts, loaded, warnings }))
