// The Prometheus path end to end: examples/observability/prometheus.ts (OTel Prometheus exporter)
// runs its scripted scenario against a real Redis in a child process; this test scrapes /metrics
// over HTTP and finds every figure of docs/observability.md, then closes the child's stdin and
// expects it to exit by itself.
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { freePort } from '../helpers/redis-server.js'
import { cleanupPrefix, redisUrl } from '../helpers/redis.js'

const ROOT = join(import.meta.dirname, '..', '..')
let child: ChildProcess | undefined

afterAll(async () => {
  if (child && child.exitCode === null) child.kill('SIGTERM')
  await cleanupPrefix('example-obs:')
})

/** One sample line's value, e.g. `jwt_sessions_sessions_created_total{otel_scope_name="jwt-sessions"} 3`. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line)
    if (!m || m[1] !== name) continue
    const have = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]))
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(m[3])
  }
  return undefined
}

describe('Prometheus exporter example', () => {
  it('serves the scenario as Prometheus metrics, with every seed-004 figure derivable', async () => {
    const port = await freePort()
    child = spawn(join(ROOT, 'node_modules', '.bin', 'tsx'), [join(ROOT, 'examples/observability/prometheus.ts')], {
      env: { ...process.env, METRICS_PORT: String(port), REDIS_URL: redisUrl() },
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    let out = ''
    child.stdout!.on('data', (d: Buffer) => void (out += d.toString()))
    child.stderr!.on('data', (d: Buffer) => void (out += d.toString()))
    const started = Date.now()
    while (!out.includes('ready: metrics at') && Date.now() - started < 20_000)
      await new Promise((r) => setTimeout(r, 50))
    expect(out).toContain(`ready: metrics at http://127.0.0.1:${port}/metrics`)

    const res = await fetch(`http://127.0.0.1:${port}/metrics`)
    expect(res.status).toBe(200)
    const text = await res.text()
    // Concurrent sessions, sign-ins, ends.
    expect(sample(text, 'jwt_sessions_sessions_created_total')).toBe(3)
    expect(sample(text, 'jwt_sessions_sessions_active', { jwt_sessions_source: 'counters' })).toBe(1)
    expect(sample(text, 'jwt_sessions_sessions_revoked_total', { jwt_sessions_reason: 'reuse' })).toBe(1)
    expect(sample(text, 'jwt_sessions_sessions_revoked_total', { jwt_sessions_reason: 'revokeAll' })).toBe(1)
    // Token refresh success rate: refresh attempts by outcome.
    expect(sample(text, 'jwt_sessions_refresh_duration_count', { jwt_sessions_outcome: 'ok' })).toBe(2)
    expect(sample(text, 'jwt_sessions_refresh_duration_count', { jwt_sessions_outcome: 'REFRESH_TOKEN_REUSED' })).toBe(
      1,
    )
    expect(sample(text, 'jwt_sessions_sessions_refreshed_total')).toBe(2)
    // Failed authentication attempts.
    expect(
      sample(text, 'jwt_sessions_auth_failures_total', {
        error_type: 'TOKEN_INVALID',
        jwt_sessions_operation: 'verify',
      }),
    ).toBe(1)
    expect(
      sample(text, 'jwt_sessions_auth_failures_total', {
        error_type: 'SESSION_REVOKED',
        jwt_sessions_operation: 'verify',
      }),
    ).toBe(1)
    expect(sample(text, 'jwt_sessions_refresh_token_reuse_detected_total')).toBe(1)
    // Session duration.
    expect(sample(text, 'jwt_sessions_session_duration_count', { jwt_sessions_reason: 'revokeAll' })).toBe(1)
    expect(sample(text, 'jwt_sessions_session_duration_bucket', { jwt_sessions_reason: 'revokeAll', le: '+Inf' })).toBe(
      1,
    )
    expect(sample(text, 'jwt_sessions_verify_duration_count', { jwt_sessions_outcome: 'ok' })).toBe(3)
    expect(text).toContain('# UNIT jwt_sessions_verify_duration s')

    child.stdin!.end()
    const [code] = (await Promise.race([
      once(child, 'exit'),
      new Promise((r) => setTimeout(() => r(['timeout']), 10_000)),
    ])) as [number | string]
    expect(code).toBe(0)
  })
})
