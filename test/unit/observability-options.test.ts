// The logger and telemetry options: validated once, routed as documented (memory store, no network).
import { metrics } from '@opentelemetry/api'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createSessions, memoryStore } from '../../src/index.js'
import { rejectUnknownKeys } from '../../src/config/unknown-keys.js'
import { memoryMeter, recordingLogger } from '../helpers/otel.js'

const secret = 'unit-observability-secret-of-32-bytes+'
const codeAndMessage = (fn: () => unknown) => {
  try {
    fn()
  } catch (err) {
    return `${(err as { code: string }).code}: ${(err as Error).message}`
  }
  return 'no error'
}

afterEach(() => vi.restoreAllMocks())

describe('telemetry and logger options', () => {
  it('refuse unknown keys, naming the closest valid one', () => {
    expect(
      codeAndMessage(() => createSessions({ store: memoryStore(), secret, telemetry: { trace: true } as never })),
    ).toBe('CONFIG_INVALID: telemetry: unknown option "trace" (did you mean "traces"?)')
    expect(codeAndMessage(() => createSessions({ store: memoryStore(), secret, loger: console } as never))).toMatch(
      /unknown option "loger" \(did you mean "logger"\?\)/,
    )
    expect(
      codeAndMessage(() =>
        createSessions({ store: memoryStore(), secret, telemetry: { liveSessions: { every: '1m' } } as never }),
      ),
    ).toMatch(/did you mean "sampleEvery"/)
    expect(() => rejectUnknownKeys({ a: 1 }, ['a'], 'x')).not.toThrow()
  })

  it('refuse malformed values', () => {
    expect(
      codeAndMessage(() => createSessions({ store: memoryStore(), secret, logger: { warn() {} } as never })),
    ).toMatch(/^CONFIG_INVALID: logger must have a debug/)
    expect(
      codeAndMessage(() => createSessions({ store: memoryStore(), secret, telemetry: { traces: 'yes' } as never })),
    ).toMatch(/telemetry.traces must be true or false/)
    expect(
      codeAndMessage(() => createSessions({ store: memoryStore(), secret, telemetry: { meterProvider: {} } as never })),
    ).toMatch(/telemetry.meterProvider must be an OpenTelemetry MeterProvider/)
    expect(
      codeAndMessage(() =>
        createSessions({ store: memoryStore(), secret, telemetry: { liveSessions: { sampleEvery: '10ms' } } }),
      ),
    ).toMatch(/at least 1s/)
    expect(codeAndMessage(() => createSessions({ store: memoryStore(), secret, telemetry: 'on' as never }))).toMatch(
      /telemetry must be an object or false/,
    )
  })

  it('a throwing event listener is reported through the logger (listener.threw, error level)', async () => {
    const log = recordingLogger()
    const s = createSessions({ store: memoryStore(), secret, logger: log.logger })
    s.on('created', () => {
      throw new Error('listener bug')
    })
    await s.create('u')
    await new Promise((r) => setTimeout(r, 0))
    expect(log.lines).toHaveLength(1)
    expect(log.lines[0]).toMatchObject({ level: 'error', record: { event: 'listener.threw', sessionEvent: 'created' } })
  })

  it('without a logger: audit events stay off console; the listener line is the same plain string as before', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const s = createSessions({ store: memoryStore(), secret, refreshReuseGrace: 0 })
    const t = await s.create('u')
    await s.refresh(t.refreshToken)
    await s.refresh(t.refreshToken).catch(() => undefined)
    await s.revokeAll('u')
    expect(warn).not.toHaveBeenCalled()
    s.on('created', () => {
      throw new Error('boom')
    })
    await s.create('u')
    await new Promise((r) => setTimeout(r, 0))
    expect(error).toHaveBeenCalledTimes(1)
    expect(error.mock.calls[0]![0]).toBe('jwt-sessions: a "created" listener threw')
  })

  it('asking for metrics with no MeterProvider registered warns once (config.telemetry_unavailable)', () => {
    const log = recordingLogger()
    createSessions({ store: memoryStore(), secret, logger: log.logger, telemetry: { metrics: true } })
    expect(log.lines).toMatchObject([{ level: 'warn', record: { event: 'config.telemetry_unavailable' } }])
  })

  it('liveSessions sampling: the admin count in the background, at most once per interval, never per collection', async () => {
    const meter = memoryMeter()
    const store = memoryStore()
    const countAll = vi.spyOn(store, 'countAll')
    const s = createSessions({
      store,
      secret,
      telemetry: { meterProvider: meter.provider, liveSessions: { sampleEvery: '1h' } },
    })
    await s.create('a')
    await s.create('b')
    expect(await meter.points('jwt_sessions.sessions.active')).toEqual([]) // the first collection starts the sample
    await new Promise((r) => setTimeout(r, 10))
    expect(await meter.value('jwt_sessions.sessions.active', { 'jwt_sessions.source': 'sample' })).toBe(2)
    await meter.points('jwt_sessions.sessions.active')
    expect(countAll).toHaveBeenCalledTimes(1)
    await meter.shutdown()
  })

  it('the global MeterProvider (registered first) is used by default, and ignored with telemetry: false', async () => {
    const meter = memoryMeter()
    expect(metrics.setGlobalMeterProvider(meter.provider)).toBe(true)
    try {
      await createSessions({ store: memoryStore(), secret, telemetry: false }).create('a')
      expect(await meter.points('jwt_sessions.sessions.created')).toEqual([])
      await createSessions({ store: memoryStore(), secret }).create('a')
      expect(await meter.value('jwt_sessions.sessions.created')).toBe(1)
    } finally {
      metrics.disable()
      await meter.shutdown()
    }
  })
})
