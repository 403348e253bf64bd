import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createConnection, createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** A free loopback TCP port. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.unref()
    srv.on('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address()
      srv.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 0))
    })
  })
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = createConnection({ host: '127.0.0.1', port })
    const done = (ok: boolean) => {
      sock.destroy()
      resolve(ok)
    }
    sock.setTimeout(200, () => done(false))
    sock.on('error', () => done(false))
    sock.on('connect', () => sock.write('PING\r\n'))
    sock.on('data', (d) => done(d.toString().startsWith('+PONG')))
  })
}

/**
 * A redis-server owned by the benchmark, on a free port, persisting nothing. Benchmarks never run
 * against the shared Redis: a million keys or a `CONFIG RESETSTAT` there would disturb everyone else.
 */
export class BenchRedis {
  private constructor(
    readonly port: number,
    private readonly proc: ChildProcess,
    private readonly dir: string,
  ) {}

  static async start(): Promise<BenchRedis> {
    if (spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status !== 0) {
      throw new Error('redis-server is not on PATH (Debian: apt-get install redis-server); the benchmarks start their own')
    }
    const port = await freePort()
    const dir = mkdtempSync(join(tmpdir(), 'jwts-bench-redis-'))
    const proc = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
      { stdio: 'ignore' },
    )
    const deadline = Date.now() + 10_000
    while (Date.now() < deadline) {
      if (await ping(port)) return new BenchRedis(port, proc, dir)
      await new Promise((r) => setTimeout(r, 25))
    }
    proc.kill('SIGKILL')
    throw new Error(`redis-server on port ${port} did not answer within 10 s`)
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`
  }

  get pid(): number | undefined {
    return this.proc.pid
  }

  async stop(): Promise<void> {
    if (this.proc.exitCode === null) {
      await new Promise<void>((resolve) => {
        this.proc.once('exit', () => resolve())
        this.proc.kill('SIGKILL')
      })
    }
    rmSync(this.dir, { recursive: true, force: true })
  }
}
