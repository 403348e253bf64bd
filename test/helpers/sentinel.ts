import type { ChildProcess } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort } from './redis-server.js'
import { ask, info, killProc, spawnDataNode, spawnRedis, waitUntil } from './cluster.js'

/**
 * Test harness: a Sentinel group on loopback (1 master, 1 replica, 3 sentinels, quorum 2) with a
 * 1 s down-after and short failover timeout so a failover completes in a few seconds. Health is
 * decided by asking the sentinels and the replica; processes are killed by pid in `dispose()` and
 * when the test process exits.
 */
export class SentinelHarness {
  readonly name = 'jwts-master'
  master!: { port: number; proc: ChildProcess | undefined }
  replica!: { port: number; proc: ChildProcess | undefined }
  readonly sentinels: Array<{ port: number; proc: ChildProcess | undefined }> = []
  private readonly dir = mkdtempSync(join(tmpdir(), 'jwts-sentinel-'))

  private constructor() {}

  /** Starts the group and resolves once it is healthy (see {@link SentinelHarness.waitHealthy}). */
  static async start(opts: { downAfterMs?: number; failoverTimeoutMs?: number } = {}): Promise<SentinelHarness> {
    const h = new SentinelHarness()
    try {
      await h.boot(opts.downAfterMs ?? 1000, opts.failoverTimeoutMs ?? 3000)
    } catch (err) {
      await h.dispose()
      throw err
    }
    return h
  }

  private async dataNode(port: number, extra: string[]): Promise<{ port: number; proc: ChildProcess }> {
    const dir = join(this.dir, String(port))
    mkdirSync(dir, { recursive: true })
    const proc = await spawnDataNode(port, dir, extra)
    return { port, proc }
  }

  private async boot(downAfterMs: number, failoverTimeoutMs: number): Promise<void> {
    const [mp, rp, ...sp] = await uniquePorts(5)
    this.master = await this.dataNode(mp!, [])
    this.replica = await this.dataNode(rp!, ['--replicaof', '127.0.0.1', String(mp)])
    await Promise.all(
      sp.map(async (port) => {
        const conf = join(this.dir, `sentinel-${port}.conf`)
        // Sentinel rewrites its config file, so each needs its own writable copy.
        writeFileSync(
          conf,
          [
            `port ${port}`,
            'bind 127.0.0.1',
            'protected-mode no',
            `dir ${this.dir}`,
            `sentinel monitor ${this.name} 127.0.0.1 ${mp} 2`,
            `sentinel down-after-milliseconds ${this.name} ${downAfterMs}`,
            `sentinel failover-timeout ${this.name} ${failoverTimeoutMs}`,
            `sentinel parallel-syncs ${this.name} 1`,
            '',
          ].join('\n'),
        )
        const proc = await spawnRedis(port, [conf, '--sentinel'])
        this.sentinels.push({ port, proc })
      }),
    )
    await this.waitHealthy()
  }

  /** Root nodes for `redisStore({ sentinel: { name, sentinelRootNodes } })`. */
  get sentinelRootNodes(): Array<{ host: string; port: number }> {
    return this.sentinels.map((s) => ({ host: '127.0.0.1', port: s.port }))
  }

  /** The master address every live sentinel reports, or undefined while they disagree. */
  async reportedMaster(): Promise<number | undefined> {
    const ports = await Promise.all(
      this.sentinels
        .filter((s) => s.proc)
        .map(async (s) => {
          const r = (await ask(s.port, ['SENTINEL', 'GET-MASTER-ADDR-BY-NAME', this.name])) as string[] | null
          return r ? Number(r[1]) : -1
        }),
    )
    return ports.every((p) => p === ports[0]) && ports[0]! > 0 ? ports[0] : undefined
  }

  /**
   * Resolves once every sentinel names the current master, sees the other two sentinels and the
   * replica (not down), and the replica's link to the master is up.
   */
  async waitHealthy(timeoutMs = 30_000): Promise<void> {
    await waitUntil(
      'the sentinel group is healthy',
      async () => {
        if ((await this.reportedMaster()) !== this.master.port) return false
        for (const s of this.sentinels) {
          const m = flat(await ask(s.port, ['SENTINEL', 'MASTER', this.name]))
          if (m['flags'] !== 'master' || m['num-other-sentinels'] !== '2' || m['num-slaves'] !== '1') return false
          // Sentinel refreshes a replica's link status only every 10 s: ask the replica itself below.
          const r = ((await ask(s.port, ['SENTINEL', 'REPLICAS', this.name])) as unknown[]).map(flat)
          if (r.length !== 1 || r[0]!['flags'] !== 'slave') return false
        }
        const repl = await info(this.replica.port, 'replication')
        return repl['master_link_status'] === 'up' && repl['master_port'] === String(this.master.port)
      },
      timeoutMs,
    )
  }

  /** SIGKILLs the master (a crash). */
  async killMaster(): Promise<number> {
    const port = this.master.port
    await killProc(this.master.proc)
    this.master.proc = undefined
    return port
  }

  /** Waits until every sentinel names the replica as master and it reports `role:master`. */
  async waitForPromotion(timeoutMs = 30_000): Promise<number> {
    await waitUntil(
      'sentinels promote the replica',
      async () => {
        if ((await this.reportedMaster()) !== this.replica.port) return false
        return (await info(this.replica.port, 'replication'))['role'] === 'master'
      },
      timeoutMs,
    )
    return this.replica.port
  }

  async dispose(): Promise<void> {
    await Promise.all(
      [this.master, this.replica, ...this.sentinels].filter(Boolean).map(async (n) => {
        await killProc(n.proc)
        n.proc = undefined
      }),
    )
    rmSync(this.dir, { recursive: true, force: true })
  }
}

/** A Sentinel reply as a record, whether the client decoded it as a flat array (RESP2) or a map. */
function flat(reply: unknown): Record<string, string> {
  if (!Array.isArray(reply)) return Object.fromEntries(Object.entries(reply as object).map(([k, v]) => [k, String(v)]))
  const o: Record<string, string> = {}
  for (let i = 0; i + 1 < reply.length; i += 2) o[String(reply[i])] = String(reply[i + 1])
  return o
}

async function uniquePorts(n: number): Promise<number[]> {
  const out: number[] = []
  while (out.length < n) {
    const p = await freePort()
    if (!out.includes(p)) out.push(p)
  }
  return out
}
