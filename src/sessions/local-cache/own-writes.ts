/**
 * Waiting for the invalidation of one's own write. Redis pushes the invalidation to every tracking
 * connection in the same event-loop pass as it queues the writer's reply, so once this instance's
 * own push has arrived, every other instance's push has left Redis too: a revoking call that
 * resolves only then cannot be overtaken by a request it caused (docs/local-cache.md, "Ordering").
 */
export class OwnWrites {
  private readonly waiting = new Map<string, Set<() => void>>()

  /** Registers before the write is sent (the push may beat the reply); `wait()` resolves on the push or after `timeoutMs`. */
  expect(userKey: string, timeoutMs: number, onTimeout: () => void): { wait(): Promise<void>; cancel(): void } {
    let set = this.waiting.get(userKey)
    if (!set) this.waiting.set(userKey, (set = new Set()))
    let arrived = false
    let wake: (() => void) | undefined
    const done = () => {
      arrived = true
      wake?.()
    }
    set.add(done)
    const cancel = () => {
      set.delete(done)
      if (set.size === 0 && this.waiting.get(userKey) === set) this.waiting.delete(userKey)
    }
    return {
      cancel,
      wait: () =>
        new Promise<void>((resolve) => {
          if (arrived) return resolve(cancel())
          const timer = setTimeout(() => {
            cancel()
            onTimeout()
            resolve()
          }, timeoutMs)
          timer.unref()
          wake = () => {
            clearTimeout(timer)
            cancel()
            resolve()
          }
        }),
    }
  }

  /** An invalidation arrived for `userKey`. */
  arrived(userKey: string): void {
    const set = this.waiting.get(userKey)
    if (set) for (const fn of [...set]) fn()
  }

  /** The channel was reset: nobody should wait for a push that may never come. */
  releaseAll(): void {
    for (const set of this.waiting.values()) for (const fn of [...set]) fn()
  }
}
