/**
 * One node's invalidation channel: a RESP3 connection with `CLIENT TRACKING ON BCAST PREFIX
 * <keyPrefix>u:`, so Redis pushes the name of every user hash that anyone changes (a script, an
 * operator's DEL, eviction, FLUSHALL), whoever the writer is. BCAST needs no tracking table on the
 * server, so it cannot overflow (`tracking-table-max-keys` does not apply).
 */
import { Resp3Connection, type NodeAddress, type Resp3 } from './resp3-connection.js'

/** What a channel tells its feed. */
export interface ChannelEvents {
  /** A user key changed; null: the whole keyspace was flushed. */
  key(k: string | null): void
  /** The channel became live (tracking confirmed) or stopped being so. */
  state(): void
}

// Reconnect quickly, as the store's own connections do.
const retryMs = (attempt: number): number => Math.min(50 * 2 ** attempt, 500)

export class TrackingChannel {
  private isLive = false
  private pingSentAt = 0
  private closed = false
  private conn: Resp3Connection | undefined
  private attempt = 0
  private retry: NodeJS.Timeout | undefined

  constructor(
    readonly id: string,
    private readonly address: () => NodeAddress | Promise<NodeAddress>,
    private readonly prefix: string,
    private readonly events: ChannelEvents,
    private readonly timeoutMs: number,
  ) {}

  /** True once tracking was confirmed on the current connection and it answered its last heartbeat. */
  get live(): boolean {
    return this.isLive
  }

  async start(): Promise<void> {
    if (this.closed) return
    const conn = new Resp3Connection(
      (p) => this.push(p),
      () => this.lost(conn),
    )
    this.conn = conn
    try {
      await conn.open(await this.address(), this.timeoutMs)
      const r = await conn.send(['CLIENT', 'TRACKING', 'ON', 'BCAST', 'PREFIX', this.prefix])
      if (r instanceof Error) throw r
      this.attempt = 0
      this.pingSentAt = 0
      this.up()
    } catch {
      conn.destroy()
    }
  }

  private push(p: Resp3[]): void {
    if (p[0] !== 'invalidate') return
    const keys = p[1]
    if (!Array.isArray(keys)) return this.events.key(null)
    for (const k of keys) if (typeof k === 'string') this.events.key(k)
  }

  /** The socket ended: invalidations may have been lost with it. Down at once, then reconnect. */
  private lost(conn: Resp3Connection): void {
    if (conn !== this.conn) return
    this.conn = undefined
    this.down()
    if (this.closed) return
    this.retry = setTimeout(() => void this.start(), retryMs(this.attempt++))
    this.retry.unref()
  }

  /**
   * Called every heartbeat. A PING unanswered since the previous beat means the channel may be
   * stalled or cut without the socket knowing: down. A PING answered on the same connection proves
   * every push sent before it has arrived, so a stalled channel comes back live when one answers.
   */
  beat(): void {
    const conn = this.conn
    if (!conn || this.closed) return
    if (this.pingSentAt) {
      // Timers run before the poll phase: the PONG may be in the socket, unread because this
      // process was busy. Decide after this turn's poll has read it.
      const outstanding = this.pingSentAt
      setImmediate(() => {
        if (this.pingSentAt === outstanding && conn === this.conn) this.down()
      })
      return
    }
    const sent = (this.pingSentAt = Date.now())
    void conn.send(['PING']).then((r) => {
      if (this.pingSentAt !== sent || conn !== this.conn || r instanceof Error) return
      this.pingSentAt = 0
      this.up()
    })
  }

  private up(): void {
    if (this.closed || this.isLive) return
    this.isLive = true
    this.events.state()
  }

  private down(): void {
    if (!this.isLive) return
    this.isLive = false
    this.events.state()
  }

  close(): void {
    this.closed = true
    if (this.retry) clearTimeout(this.retry)
    this.down()
    this.conn?.destroy()
  }
}
