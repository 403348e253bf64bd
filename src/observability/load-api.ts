/**
 * Finds `@opentelemetry/api` (an optional peer) without a static import: a bundle of jwt-sessions
 * must load where the package is not installed. Synchronous (`require`), so `createSessions` stays
 * synchronous; the API keeps its registrations on `globalThis`, so the CommonJS copy this loads
 * sees a provider the app registered through the ESM copy. Tried once per process, and only when
 * an engine wants a global provider (telemetry not switched off, no provider passed in).
 */
import { createRequire } from 'node:module'
import type { MeterProviderLike, TracerProviderLike } from './otel-types.js'

/** The parts of the API module used here. */
export interface OtelApi {
  metrics: { getMeterProvider(): MeterProviderLike }
  trace: { getTracerProvider(): TracerProviderLike }
  createNoopMeter(): object
}

let cached: OtelApi | null | undefined

/**
 * The file this code runs from, as the engine reports it. Neither `require` (absent in ESM) nor
 * `import.meta` (a syntax error in the CommonJS build) works in both builds; a call site does.
 * Raw call sites are asked for explicitly, so source-mapped stack formatting cannot rename the file.
 */
function thisFile(): string | undefined {
  const prev = Error.prepareStackTrace
  try {
    Error.prepareStackTrace = (_err, frames) => frames
    const frames = new Error().stack as unknown as Array<{ getFileName(): string | null | undefined }>
    return frames[0]?.getFileName() ?? undefined
  } catch {
    return undefined
  } finally {
    Error.prepareStackTrace = prev
  }
}

function requireHere(): (id: string) => unknown {
  // Resolved from this package's own location, as a static import would be.
  return createRequire(thisFile() ?? `${process.cwd()}/`)
}

/** The API module, or null when it cannot be resolved. */
export function loadOtelApi(): OtelApi | null {
  if (cached !== undefined) return cached
  try {
    const api = requireHere()('@opentelemetry/api') as Partial<OtelApi>
    cached = api.metrics && api.trace && api.createNoopMeter ? (api as OtelApi) : null
  } catch {
    cached = null
  }
  return cached
}

/**
 * The global MeterProvider, or undefined when the API is missing or no provider was registered
 * (the API then answers with a no-op meter, whose instruments would only cost time).
 */
export function globalMeterProvider(): MeterProviderLike | undefined {
  const api = loadOtelApi()
  if (!api) return undefined
  const provider = api.metrics.getMeterProvider()
  const Noop = api.createNoopMeter().constructor
  return provider.getMeter('jwt-sessions') instanceof Noop ? undefined : provider
}

/** The global TracerProvider (a proxy that follows later registrations), or undefined without the API. */
export function globalTracerProvider(): TracerProviderLike | undefined {
  return loadOtelApi()?.trace.getTracerProvider()
}
