/**
 * The telemetry cost pair of the HTTP part: jwt-sessions auth (header) with an OpenTelemetry SDK
 * MeterProvider registered (every request timed and counted) against the same engine with
 * `telemetry: false`. Appended to ROWS on import; `--rows=jwts-otel-off,jwts-otel-on` runs just them.
 */
import { join } from 'node:path'
import { ROOT } from '../lib/env.js'
import { ROWS } from './rows.js'

const t = (name: string) => join(ROOT, 'bench', 'http', 'targets', `${name}.ts`)
const requires = ['src/index.ts', 'src/adapters/express/index.ts', 'src/observability/observe.ts']

ROWS.push(
  {
    id: 'jwts-otel-off',
    label: 'jwt-sessions auth, telemetry off',
    module: t('jwt-sessions-otel-off'),
    requires,
    what: 'as jwts-header, telemetry: false',
  },
  {
    id: 'jwts-otel-on',
    label: 'jwt-sessions auth, OTel metrics on',
    module: t('jwt-sessions-otel-on'),
    requires,
    what: 'same + SDK MeterProvider, export every 1 s',
  },
)
