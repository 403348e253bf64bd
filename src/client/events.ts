/**
 * The TokenManager's event listeners: `on(event, fn)` subscriptions and their delivery.
 */
import type { ClockLike, TokenManagerEvents } from './types.js'

/** An event name of the TokenManager. */
export type EventName = keyof TokenManagerEvents

/** Listeners per event. A throwing listener never breaks the session logic. */
export class Listeners {
  private readonly byEvent = new Map<EventName, Set<(payload: never) => void>>()

  constructor(private readonly clock: ClockLike) {}

  /** Adds a listener; returns the function that removes it. */
  on<K extends EventName>(event: K, fn: (payload: TokenManagerEvents[K]) => void): () => void {
    let set = this.byEvent.get(event)
    if (!set) this.byEvent.set(event, (set = new Set()))
    set.add(fn)
    return () => void set.delete(fn)
  }

  /** Calls every listener of `event`. */
  emit<K extends EventName>(event: K, payload: TokenManagerEvents[K]): void {
    for (const fn of this.byEvent.get(event) ?? []) {
      try {
        ;(fn as (p: TokenManagerEvents[K]) => void)(payload)
      } catch (err) {
        // A listener's bug must not break the session logic; report it out of band.
        this.clock.setTimeout(() => {
          throw err
        }, 0)
      }
    }
  }
}
