import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createConnection } from 'node:net'
import { freePort, hasRedisServerBinary, pingRedis } from './redis-server.js'

/**
 * Test harness: a real Redis Cluster of 3 masters and 3 replicas on free loopback ports, built from
 * the Debian `redis-server` and `redis-cli` binaries. Health is decided by asking the nodes, never by
 * sleeping. Every process is killed by pid in `dispose()` and, as a last resort, when the test
 * process exits, so a failing test cannot leave servers behind.
 */

const live = new Set<ChildProcess>()
let exitHookInstalled = false
function installExitHook(): void {
  if (exitHookInstalled) return
  exitHookInstalled = true
  const killAll = () => {
    for (const p of live)
      if (p.pid && p.exitCode === null)
        try {
          process.kill(p.pid, 'SIGKILL')
        } catch {
          /* gone */
        }
  }
  process.once('exit', killAll)
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => {
      killAll()
      process.exit(130)
    })
  }
}

/** A redis-server that keeps its data in memory only, on loopback, with its files in `dir`. */
export function spawnDataNode(port: number, dir: string, extra: string[]): Promise<ChildProcess> {
  const memoryOnly = ['--save', '', '--appendonly', 'no', '--protected-mode', 'no']
  return spawnRedis(port, ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, ...memoryOnly, ...extra])
}

/** Starts one redis-server with `args` (already including `--port`); resolves once it answers PING. */
export async function spawnRedis(port: number, args: string[]): Promise<ChildProcess> {
  if (!hasRedisServerBinary()) {
    throw new Error(
      'redis-server is not on PATH (Debian/Ubuntu: apt-get install redis-server; macOS: brew install redis)',
    )
  }
  installExitHook()
  const proc = spawn('redis-server', args, { stdio: 'ignore' })
  live.add(proc)
  proc.once('exit', () => live.delete(proc))
  await waitUntil(`redis on ${port} answers PING`, () => pingRedis('127.0.0.1', port, 200), 10_000)
  return proc
}

/** Kills a process by pid (SIGKILL) and waits for it to be gone. */
export async function killProc(proc: ChildProcess | undefined): Promise<void> {
  if (!proc || proc.exitCode !== null || proc.signalCode !== null) return
  await new Promise<void>((resolve) => {
    proc.once('exit', () => resolve())
    try {
      // SIGKILL also ends a stopped (SIGSTOP) process, without letting it run another instruction.
      process.kill(proc.pid!, 'SIGKILL')
    } catch {
      resolve()
    }
  })
}

/** Polls `check` every 50 ms until it resolves truthy; throws naming `what` after `timeoutMs`. */
export async function waitUntil<T>(
  what: string,
  check: () => Promise<T | false | undefined | null>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  let last: unknown
  for (;;) {
    try {
      const v = await check()
      if (v) return v
    } catch (err) {
      last = err
    }
    if (Date.now() > deadline)
      throw new Error(
        `timed out after ${timeoutMs} ms waiting until ${what}${last ? ` (last error: ${String(last)})` : ''}`,
      )
    await new Promise((r) => setTimeout(r, 50))
  }
}

/**
 * One command to one node over a short-lived raw RESP2 connection (admin and assertions only; no
 * client library, so no handshake and nothing that could itself retry or reconnect).
 */
export function ask(port: number, args: string[], timeoutMs = 2000): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const sock = createConnection({ host: '127.0.0.1', port })
    let buf = Buffer.alloc(0)
    const done = (err: Error | undefined, value?: unknown) => {
      sock.destroy()
      if (err) reject(err)
      else resolve(value)
    }
    sock.setTimeout(timeoutMs, () => done(new Error(`no answer from port ${port} within ${timeoutMs} ms`)))
    sock.on('error', (err) => done(err))
    sock.on('connect', () => {
      sock.write(`*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`)
    })
    sock.on('data', (d) => {
      buf = Buffer.concat([buf, d])
      const parsed = parseResp(buf, 0)
      if (!parsed) return
      if (parsed.value instanceof Error) done(parsed.value)
      else done(undefined, parsed.value)
    })
  })
}

/** Parses one RESP2 reply at `at`; undefined when more bytes are needed. */
function parseResp(buf: Buffer, at: number): { value: unknown; end: number } | undefined {
  const eol = buf.indexOf('\r\n', at)
  if (eol === -1) return undefined
  const line = buf.toString('utf8', at + 1, eol)
  switch (String.fromCharCode(buf[at]!)) {
    case '+':
      return { value: line, end: eol + 2 }
    case '-':
      return { value: new Error(line), end: eol + 2 }
    case ':':
      return { value: Number(line), end: eol + 2 }
    case '$': {
      const n = Number(line)
      if (n < 0) return { value: null, end: eol + 2 }
      if (buf.length < eol + 2 + n + 2) return undefined
      return { value: buf.toString('utf8', eol + 2, eol + 2 + n), end: eol + 2 + n + 2 }
    }
    case '*': {
      const n = Number(line)
      if (n < 0) return { value: null, end: eol + 2 }
      const out: unknown[] = []
      let pos = eol + 2
      for (let i = 0; i < n; i++) {
        const item = parseResp(buf, pos)
        if (!item) return undefined
        out.push(item.value)
        pos = item.end
      }
      return { value: out, end: pos }
    }
    default:
      return { value: new Error(`unexpected RESP type in ${line}`), end: eol + 2 }
  }
}

/** `INFO <section>` parsed into a record. */
export async function info(port: number, section: string): Promise<Record<string, string>> {
  const text = String(await ask(port, ['INFO', section]))
  return Object.fromEntries(
    text
      .split(/\r?\n/)
      .filter((l) => l.includes(':'))
      .map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1)]),
  )
}

interface ClusterNode {
  port: number
  proc: ChildProcess | undefined
}

export interface ClusterNodeView {
  id: string
  port: number
  role: 'master' | 'replica'
  failed: boolean
  masterId: string | undefined
  slots: Array<[number, number]>
}

/** A 3-master, 3-replica Redis Cluster on loopback. */
export class RedisClusterHarness {
  readonly nodes: ClusterNode[] = []
  private readonly dir = mkdtempSync(join(tmpdir(), 'jwts-cluster-'))

  private constructor() {}

  /**
   * Starts the nodes, joins them with `redis-cli --cluster create`, and waits until every node
   * reports `cluster_state:ok` with all 16384 slots covered and every replica linked to its master.
   */
  static async start(
    opts: { masters?: number; replicas?: number; nodeTimeoutMs?: number } = {},
  ): Promise<RedisClusterHarness> {
    const h = new RedisClusterHarness()
    try {
      await h.boot(opts.masters ?? 3, opts.replicas ?? 1, opts.nodeTimeoutMs ?? 1000)
    } catch (err) {
      await h.dispose()
      throw err
    }
    return h
  }

  private async boot(masters: number, replicas: number, nodeTimeoutMs: number): Promise<void> {
    const count = masters * (1 + replicas)
    const ports: number[] = []
    while (ports.length < count) {
      const p = await freePort()
      if (!ports.includes(p) && !ports.includes(p - 10000) && p + 10000 < 65536) ports.push(p)
    }
    await Promise.all(
      ports.map(async (port) => {
        const dir = join(this.dir, String(port))
        rmSync(dir, { recursive: true, force: true })
        mkdirSync(dir, { recursive: true })
        // A replica with a stale link may still take over: tests kill masters on purpose.
        const failover = ['--cluster-replica-validity-factor', '0']
        const cluster = ['--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf']
        const timeout = ['--cluster-node-timeout', String(nodeTimeoutMs)]
        const proc = await spawnDataNode(port, dir, [...cluster, ...timeout, ...failover])
        this.nodes.push({ port, proc })
      }),
    )
    this.nodes.sort((a, b) => ports.indexOf(a.port) - ports.indexOf(b.port))
    const create = spawnSync(
      'redis-cli',
      [
        '--cluster',
        'create',
        ...ports.map((p) => `127.0.0.1:${p}`),
        '--cluster-replicas',
        String(replicas),
        '--cluster-yes',
      ],
      { encoding: 'utf8', timeout: 60_000 },
    )
    if (create.status !== 0) throw new Error(`redis-cli --cluster create failed: ${create.stderr || create.stdout}`)
    await this.waitHealthy(count)
  }

  /** Resolves once every live node sees a healthy cluster with every replica's link up. */
  async waitHealthy(expectedNodes = this.liveNodes().length, timeoutMs = 30_000): Promise<void> {
    await waitUntil(
      'the cluster is healthy',
      async () => {
        for (const n of this.liveNodes()) {
          const ci = String(await ask(n.port, ['CLUSTER', 'INFO']))
          if (!/cluster_state:ok/.test(ci) || !/cluster_slots_ok:16384/.test(ci)) return false
          if (!new RegExp(`cluster_known_nodes:${expectedNodes}\\b`).test(ci) && expectedNodes === this.nodes.length)
            return false
          const repl = await info(n.port, 'replication')
          if (repl['role'] === 'slave' && repl['master_link_status'] !== 'up') return false
        }
        // Every live node must agree on which node serves each slot range.
        const views = await Promise.all(this.liveNodes().map((n) => this.view(n.port)))
        const sig = views.map((v) =>
          JSON.stringify(
            v
              .filter((x) => x.role === 'master' && !x.failed)
              .map((x) => [x.port, x.slots])
              .sort(),
          ),
        )
        return sig.every((s) => s === sig[0])
      },
      timeoutMs,
    )
  }

  liveNodes(): ClusterNode[] {
    return this.nodes.filter((n) => n.proc && n.proc.exitCode === null && n.proc.signalCode === null)
  }

  /** Root nodes for `redisStore({ cluster: { rootNodes } })` / node-redis `createCluster`. */
  get rootNodes(): Array<{ url: string }> {
    return this.liveNodes().map((n) => ({ url: `redis://127.0.0.1:${n.port}` }))
  }

  /** `CLUSTER NODES` as seen by one node. */
  async view(port = this.liveNodes()[0]!.port): Promise<ClusterNodeView[]> {
    const text = String(await ask(port, ['CLUSTER', 'NODES']))
    return text
      .trim()
      .split('\n')
      .map((line) => {
        const [id, addr, flags, master, , , , , ...slots] = line.split(' ')
        return {
          id: id!,
          port: Number(addr!.split('@')[0]!.split(':')[1]),
          role: flags!.includes('master') ? 'master' : 'replica',
          failed: /fail/.test(flags!),
          masterId: master === '-' ? undefined : master,
          slots: slots
            .filter((s) => !s.startsWith('['))
            .map((s) => {
              const [a, b] = s.split('-')
              return [Number(a), Number(b ?? a)] as [number, number]
            }),
        }
      })
  }

  async keySlot(key: string): Promise<number> {
    return Number(await ask(this.liveNodes()[0]!.port, ['CLUSTER', 'KEYSLOT', key]))
  }

  /** Port of the master currently serving `key`'s slot, as the cluster itself says. */
  async masterFor(key: string): Promise<number> {
    const slot = await this.keySlot(key)
    const owner = (await this.view()).find(
      (n) => n.role === 'master' && !n.failed && n.slots.some(([a, b]) => slot >= a && slot <= b),
    )
    if (!owner) throw new Error(`no master serves slot ${slot}`)
    return owner.port
  }

  /** Ports of the replicas of the master on `masterPort`. */
  async replicasOf(masterPort: number): Promise<number[]> {
    const v = await this.view()
    const m = v.find((n) => n.port === masterPort)
    return v.filter((n) => n.masterId === m?.id).map((n) => n.port)
  }

  /** SIGKILLs the node on `port` (a crash, not a shutdown: nothing is saved or handed over). */
  async kill(port: number): Promise<void> {
    const n = this.nodes.find((x) => x.port === port)
    await killProc(n?.proc)
    if (n) n.proc = undefined
  }

  /** Freezes the node on `port` (SIGSTOP): it keeps its sockets but answers nothing. */
  pause(port: number): void {
    const pid = this.nodes.find((x) => x.port === port)?.proc?.pid
    if (pid) process.kill(pid, 'SIGSTOP')
  }

  /** Waits until a node other than `oldMaster` serves `key`'s slot and the cluster is ok again. */
  async waitForPromotion(key: string, oldMaster: number, timeoutMs = 30_000): Promise<number> {
    const slot = await this.keySlot(key)
    const port = await waitUntil(
      `slot ${slot} has a new master`,
      async () => {
        for (const n of this.liveNodes()) {
          const ci = String(await ask(n.port, ['CLUSTER', 'INFO']))
          if (!/cluster_state:ok/.test(ci)) return false
        }
        const owner = (await this.view()).find(
          (n) => n.role === 'master' && !n.failed && n.slots.some(([a, b]) => slot >= a && slot <= b),
        )
        return owner && owner.port !== oldMaster ? owner.port : false
      },
      timeoutMs,
    )
    return port
  }

  /** Kills every node and removes the temp directory; safe to call twice. */
  async dispose(): Promise<void> {
    await Promise.all(
      this.nodes.map(async (n) => {
        await killProc(n.proc)
        n.proc = undefined
      }),
    )
    rmSync(this.dir, { recursive: true, force: true })
  }
}
