import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { freePort, pingRedis } from '../../test/helpers/redis-server.js'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

// The same free-port and PING probes the test harness uses.
const ping = (port: number) => pingRedis('127.0.0.1', port, 200)

export class BenchRedis {
  private constructor(
    readonly port: number,
    private readonly proc: ChildProcess,
    private readonly dir: string,
  ) {}

  static async start(): Promise<BenchRedis> {
    if (spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status !== 0) {
      throw new Error(
        'redis-server is not on PATH (Debian: apt-get install redis-server); the benchmarks start their own',
      )
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
