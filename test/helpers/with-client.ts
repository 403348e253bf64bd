/**
 * A store over a caller's client, for the conformance suite: closing it closes the client too,
 * which the store itself must never do.
 */
export function withClient<T extends { close(): Promise<void> }>(store: T, closeClient: () => Promise<unknown>): T {
  return Object.assign(Object.create(store) as T, {
    close: async () => {
      await store.close()
      await closeClient()
    },
  })
}
