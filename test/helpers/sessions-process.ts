import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { RedisServer } from './redis-server.js'

/** An answer of the child: a value or an error code. */
export type Answer = { ok: true; value: unknown } | { ok: false; code: string }

/** A `createSessions` engine in its own process (test/helpers/sessions-child.ts). */
export class SessionsProcess {
  private nextId = 1
  private readonly waiting = new Map<number, (a: Answer) => void>()
  private constructor(readonly child: ChildProcess) {
    child.on('message', (m: Answer & { id: number }) => {
      this.waiting.get(m.id)?.(m)
      this.waiting.delete(m.id)
    })
  }

  /** Starts the child and waits until its engine is built. */
  static async start(url: string, keyPrefix: string, options: object = {}): Promise<SessionsProcess> {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, 'sessions-child.ts'), url, keyPrefix, JSON.stringify(options)],
      {
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      },
    )
    const p = new SessionsProcess(child)
    await new Promise<void>((resolve, reject) => {
      p.waiting.set(0, () => resolve())
      child.once('exit', (code) => reject(new Error(`sessions child exited with ${code}`)))
    })
    return p
  }

  call(op: string, ...args: unknown[]): Promise<Answer> {
    const id = this.nextId++
    return new Promise((resolve) => {
      this.waiting.set(id, resolve)
      this.child.send({ id, op, args })
    })
  }

  /** The value, or a rejection with the code. */
  async value<T>(op: string, ...args: unknown[]): Promise<T> {
    const a = await this.call(op, ...args)
    if (!a.ok) throw Object.assign(new Error(a.code), { code: a.code })
    return a.value as T
  }

  /** `null` when `verify` accepted the token, else the error code. */
  async refusal(token: string): Promise<string | null> {
    const a = await this.call('verify', token)
    return a.ok ? null : a.code
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return
    const exited = new Promise((r) => this.child.once('exit', r))
    this.child.send({ id: -1, op: 'close', args: [] })
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 3000)
    await exited
    clearTimeout(timer)
  }
}

/** Two engines in two child processes on a redis-server of their own (the cache tests' setup). */
export interface ProcessPair {
  redis: RedisServer
  a: SessionsProcess
  b: SessionsProcess
}

/** Starts a redis-server and two engine processes on it with the same prefix and options. */
export async function startPair(keyPrefix: string, options: object): Promise<ProcessPair> {
  const redis = await RedisServer.start()
  const [a, b] = await Promise.all([
    SessionsProcess.start(redis.url, keyPrefix, options),
    SessionsProcess.start(redis.url, keyPrefix, options),
  ])
  return { redis, a, b }
}

/** Stops what {@link startPair} started; safe on a pair whose start failed part-way. */
export async function stopPair(p: Partial<ProcessPair>): Promise<void> {
  await Promise.all([p.a?.stop(), p.b?.stop()])
  await p.redis?.dispose()
}
