// Helpers for the rate-limit integration tests: real Express apps on loopback ports.
import type { AddressInfo } from 'node:net'
import type { Server } from 'node:http'
import express from 'express'

export type ExpressFactory = typeof express

/** Express 5 (`express`) and Express 4 (`express4`), loaded the same way. */
export async function expressVersions(): Promise<Array<[string, ExpressFactory]>> {
  const specifier: string = 'express4'
  const v4 = ((await import(specifier)) as { default: ExpressFactory }).default
  return [
    ['express 5', express],
    ['express 4', v4],
  ]
}

/** Starts `app` on a free loopback port; resolves to its base URL and a close function. */
export async function listen(app: ReturnType<ExpressFactory>): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s))
  })
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.()
        server.close(() => resolve())
      }),
  }
}
