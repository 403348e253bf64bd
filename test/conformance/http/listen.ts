// Shared by the drivers: a started node:http server as a RunningApp.
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { RunningApp } from './driver.js'

/** Starts `server` on a free loopback port (unless it already listens) and wraps it. */
export async function listening(server: Server): Promise<RunningApp> {
  if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    base: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
