/**
 * The session state kept in Web Storage, shared by the tabs and surviving a reload.
 */
import type { State } from './state.js'
import type { StorageLike } from './types.js'

/** Reads and writes one tab-shared session state under one storage key. Storage failures are survived. */
export class SavedSession {
  constructor(
    private readonly storage: StorageLike,
    private readonly key: string,
  ) {}

  /** The stored state, or null when there is none (or it is unreadable). */
  read(): State | null {
    try {
      const v = JSON.parse(this.storage.getItem(this.key) ?? 'null') as State | null
      if (!v || typeof v.g !== 'number') return null
      // JSON turns NaN ("unknown") into null.
      return { ...v, e: v.e ?? NaN, l: v.l ?? NaN, o: v.o ?? NaN }
    } catch {
      return null
    }
  }

  /** Stores a state without its access token: that stays in memory. */
  write(state: State): void {
    try {
      this.storage.setItem(this.key, JSON.stringify({ ...state, at: undefined }))
    } catch {
      // Quota or disabled storage: the session still works in this tab.
    }
  }

  /** Forgets the stored state (the session ended). */
  clear(): void {
    try {
      this.storage.removeItem(this.key)
    } catch {
      // Nothing to clean.
    }
  }
}
