/**
 * Child process: serves one target on a free loopback port. Started by `http/index.ts` with
 * `node --import tsx bench/http/server.ts <module> <redisUrl> [export]`; reports `{ port, path, headers }`
 * over IPC and exits on `stop`.
 */
import { createServer } from 'node:http'
import type { SetupTarget } from './types.js'

const [modulePath, redisUrl, entry = 'setup'] = process.argv.slice(2)
if (!modulePath || !redisUrl || !process.send) {
  console.error('usage: node --import tsx bench/http/server.ts <target module> <redis url> (with an IPC channel)')
  process.exit(2)
}

const mod = (await import(modulePath)) as Record<string, SetupTarget | undefined>
const setup = mod[entry]
if (setup === undefined) throw new Error(`${modulePath} exports no ${entry}`)
const target = await setup(redisUrl)
const server = createServer(target.listener)
server.keepAliveTimeout = 60_000
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
const addr = server.address()
process.send({
  type: 'ready',
  port: typeof addr === 'object' && addr ? addr.port : 0,
  path: target.path,
  headers: target.headers,
})

process.on('message', (msg: { type?: string }) => {
  if (msg?.type !== 'stop') return
  server.closeAllConnections()
  server.close()
  target.close().finally(() => process.exit(0))
})
process.on('disconnect', () => process.exit(0))
