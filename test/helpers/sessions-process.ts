import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'

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
