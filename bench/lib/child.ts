import { spawn, type ChildProcess } from 'node:child_process'
import { ROOT } from './env.js'

/** Starts a TypeScript file in its own Node process (tsx loader) with an IPC channel. */
export function spawnTs(script: string, args: readonly string[]): ChildProcess & { stderrText(): string } {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    env: { ...process.env, NODE_ENV: 'production' },
  })
  let err = ''
  child.stderr?.on('data', (d: Buffer) => {
    err = (err + d.toString()).slice(-4000)
  })
  return Object.assign(child, { stderrText: () => err })
}

/** The child's first IPC message, or a rejection naming its stderr when it exits or times out. */
export function firstMessage<T>(
  child: ChildProcess & { stderrText(): string },
  timeoutMs: number,
  what: string,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => fail(`${what}: no answer within ${timeoutMs / 1000} s`), timeoutMs)
    const fail = (msg: string) => {
      cleanup()
      child.kill('SIGKILL')
      reject(new Error(`${msg}${child.stderrText() ? `\n${child.stderrText().trim()}` : ''}`))
    }
    const onMessage = (m: unknown) => {
      cleanup()
      resolve(m as T)
    }
    const onExit = (code: number | null) => fail(`${what}: exited with code ${code}`)
    const cleanup = () => {
      clearTimeout(timer)
      child.off('message', onMessage)
      child.off('exit', onExit)
    }
    child.on('message', onMessage)
    child.on('exit', onExit)
  })
}

/** Asks a child to stop over IPC, then kills it if it has not exited in time. */
export async function stopChild(child: ChildProcess, graceMs = 3000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  try {
    child.send({ type: 'stop' })
  } catch {
    // IPC already gone: the kill below settles it.
  }
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
  await exited
  clearTimeout(timer)
}
