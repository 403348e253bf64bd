import { connect as connectTcp, type Socket } from 'node:net'
import { connect as connectTls, type ConnectionOptions } from 'node:tls'

/** Where a node listens and how to log in; taken from the node-redis client the store uses. */
export interface NodeAddress {
  host?: string
  port?: number
  /** A Unix socket instead of host and port. */
  path?: string
  /** TLS on: `true` or `tls.connect` options. */
  tls?: boolean | ConnectionOptions
  username?: string
  password?: string
}

/** A decoded RESP3 value (maps flattened to arrays, server errors as Error). */
export type Resp3 = string | number | boolean | null | Error | Resp3[]

type Parsed = [value: Resp3, end: number] | undefined

function line(buf: Buffer, at: number): [text: string, next: number] | undefined {
  const eol = buf.indexOf('\r\n', at)
  return eol === -1 ? undefined : [buf.toString('utf8', at, eol), eol + 2]
}

/** Parses one RESP3 value at `at`; undefined when more bytes are needed. */
function parse(buf: Buffer, at: number): Parsed {
  const head = line(buf, at + 1)
  if (!head) return undefined
  const [text, next] = head
  switch (buf[at]) {
    case 0x2b:
      return [text, next] // + simple string
    case 0x2d:
      return [new Error(text), next] // - error
    case 0x3a:
    case 0x2c:
    case 0x28:
      return [Number(text), next] // : integer, , double, ( big number
    case 0x5f:
      return [null, next] // _ null
    case 0x23:
      return [text === 't', next] // # boolean
    case 0x24:
    case 0x3d:
    case 0x21: {
      // $ bulk, = verbatim, ! bulk error
      const n = Number(text)
      if (n < 0) return [null, next]
      if (buf.length < next + n + 2) return undefined
      const s = buf.toString('utf8', next, next + n)
      return [buf[at] === 0x21 ? new Error(s) : s, next + n + 2]
    }
    case 0x2a:
    case 0x3e:
    case 0x7e:
    case 0x25:
    case 0x7c: {
      // * array, > push, ~ set, % map, | attribute
      const n = Number(text)
      if (n < 0) return [null, next]
      const count = buf[at] === 0x25 || buf[at] === 0x7c ? n * 2 : n
      const out: Resp3[] = []
      let pos = next
      for (let i = 0; i < count; i++) {
        const item = parse(buf, pos)
        if (!item) return undefined
        out.push(item[0])
        pos = item[1]
      }
      // An attribute describes the value after it, which is what the caller wants.
      return buf[at] === 0x7c ? parse(buf, pos) : [out, pos]
    }
    default:
      return [new Error(`unexpected RESP3 type byte ${buf[at]}`), buf.length]
  }
}

const encode = (args: readonly string[]) =>
  `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`

/**
 * A minimal RESP3 connection for the invalidation channel: commands in order, push messages
 * (`>`) to `onPush`. It is its own socket, not a node-redis one, because the end of the socket must
 * be known at once: node-redis reports a closed socket only in a later turn of the event loop,
 * after a cached answer could already have been given on the strength of a dead channel.
 */
export class Resp3Connection {
  private socket: Socket | undefined
  private buf: Buffer = Buffer.alloc(0)
  private readonly pending: Array<(v: Resp3 | Error) => void> = []
  private ended = false

  constructor(
    private readonly onPush: (push: Resp3[]) => void,
    private readonly onEnd: () => void,
  ) {}

  /** Connects and says HELLO 3 (with AUTH when there are credentials). Rejects on any failure. */
  async open(a: NodeAddress, timeoutMs: number): Promise<void> {
    const base = a.path !== undefined ? { path: a.path } : { host: a.host ?? '127.0.0.1', port: a.port ?? 6379 }
    const s = a.tls
      ? connectTls({ ...base, ...(typeof a.tls === 'object' ? a.tls : {}) } as ConnectionOptions)
      : connectTcp(base as never)
    this.socket = s
    s.setNoDelay(true)
    s.setTimeout(timeoutMs, () => s.destroy(new Error('connect timeout')))
    // 'end' arrives in the same turn as the read that found EOF: the channel is known dead at once.
    for (const ev of ['end', 'close', 'error']) s.on(ev, () => this.end())
    s.on('data', (d: Buffer) => this.read(d))
    await new Promise<void>((resolve, reject) => {
      s.once(a.tls ? 'secureConnect' : 'connect', () => resolve())
      s.once('close', () => reject(new Error('connection closed')))
    })
    s.setTimeout(0)
    const hello = ['HELLO', '3', ...(a.password !== undefined ? ['AUTH', a.username ?? 'default', a.password] : [])]
    const r = await this.send(hello)
    if (r instanceof Error) throw r
  }

  /** Sends one command; resolves to its reply (an Error value for a server error). */
  send(args: readonly string[]): Promise<Resp3 | Error> {
    if (this.ended || !this.socket) return Promise.resolve(new Error('connection closed'))
    return new Promise((resolve) => {
      this.pending.push(resolve)
      this.socket!.write(encode(args))
    })
  }

  private read(d: Buffer): void {
    this.buf = this.buf.length ? Buffer.concat([this.buf, d]) : d
    let pos = 0
    for (;;) {
      if (pos >= this.buf.length) break
      const isPush = this.buf[pos] === 0x3e
      const p = parse(this.buf, pos)
      if (!p) break
      pos = p[1]
      if (isPush && Array.isArray(p[0])) this.onPush(p[0])
      else this.pending.shift()?.(p[0])
    }
    this.buf = pos >= this.buf.length ? Buffer.alloc(0) : this.buf.subarray(pos)
  }

  private end(): void {
    if (this.ended) return
    this.ended = true
    this.socket?.destroy()
    for (const p of this.pending.splice(0)) p(new Error('connection closed'))
    this.onEnd()
  }

  destroy(): void {
    this.end()
  }
}
