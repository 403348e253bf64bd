import type { LogSink } from '../observability/logger.js'
import type { SessionEventName, SessionEvents } from './types.js'

type Listener<E extends SessionEventName> = (payload: SessionEvents[E]) => void

/** A tiny typed emitter. A throwing listener is reported, never allowed to break the operation that emitted. */
export class SessionEmitter {
  private readonly listeners = new Map<SessionEventName, Set<Listener<never>>>()

  /** `sink` receives the line about a throwing listener (console when the engine has no logger). */
  constructor(private readonly sink?: LogSink) {}

  on<E extends SessionEventName>(event: E, fn: Listener<E>): () => void {
    let set = this.listeners.get(event)
    if (!set) this.listeners.set(event, (set = new Set()))
    set.add(fn as Listener<never>)
    return () => set.delete(fn as Listener<never>)
  }

  emit<E extends SessionEventName>(event: E, payload: SessionEvents[E]): void {
    const set = this.listeners.get(event)
    if (!set) return
    for (const fn of set) {
      try {
        ;(fn as Listener<E>)(payload)
      } catch (err) {
        const sink = this.sink
        if (sink)
          queueMicrotask(() =>
            sink.log('error', 'listener.threw', `a "${event}" listener threw`, { sessionEvent: event, err }),
          )
        else queueMicrotask(() => console.error(`jwt-sessions: a "${event}" listener threw`, err))
      }
    }
  }
}
