/**
 * One node's invalidation channel: a RESP3 connection with `CLIENT TRACKING ON BCAST PREFIX
 * <keyPrefix>u:`, so Redis pushes the name of every user hash that anyone changes (a script, an
 * operator's DEL, eviction, FLUSHALL), whoever the writer is. BCAST needs no tracking table on the
 * server, so it cannot overflow (`tracking-table-max-keys` does not apply).
 */

/** The part of a node-redis 6 client the channel uses. */
export interface TrackingClient {
  on(event: string, fn: (...args: unknown[]) => void): unknown
  connect(): Promise<unknown>
  sendCommand(args: string[]): Promise<unknown>
  destroy(): unknown
  readonly isReady: boolean
}

/** What a channel tells its feed. */
export interface ChannelEvents {
  /** A user key changed; null: the whole keyspace was flushed. */
  key(k: string | null): void
  /** The channel became live (tracking confirmed) or stopped being so. */
  state(): void
}

export class TrackingChannel {
  private isLive = false
  private tracking = false
  private pingSentAt = 0
  private closed = false
  private client: TrackingClient | undefined

  constructor(
    readonly id: string,
    private readonly open: () => TrackingClient | Promise<TrackingClient>,
    private readonly prefix: string,
    private readonly events: ChannelEvents,
  ) {}

  /** True once tracking was confirmed on the current connection and it answered its last heartbeat. */
  get live(): boolean {
    return this.isLive
  }

  async start(): Promise<void> {
    try {
      const c = await this.open()
      if (this.closed) return void c.destroy()
      this.client = c
      c.on('invalidate', (key: unknown) => this.events.key(key === null || key === undefined ? null : String(key)))
      // Any sign that the socket is gone: invalidations may have been lost with it.
      for (const ev of ['error', 'end', 'reconnecting']) c.on(ev, () => this.down())
      c.on('ready', () => void this.track())
      await c.connect()
    } catch {
      this.down()
    }
  }

  private async track(): Promise<void> {
    const c = this.client
    if (!c || this.tracking || this.closed) return
    this.tracking = true
    try {
      // node-redis's emitInvalidate handshake turned default-mode tracking on; BCAST needs it off first.
      await c.sendCommand(['CLIENT', 'TRACKING', 'OFF'])
      await c.sendCommand(['CLIENT', 'TRACKING', 'ON', 'BCAST', 'PREFIX', this.prefix])
      this.pingSentAt = 0
      this.up()
    } catch {
      this.down()
    } finally {
      this.tracking = false
    }
  }

  /**
   * Called every heartbeat. A PING unanswered since the previous beat means the channel may be
   * stalled or cut without the socket knowing: down. A PING answered on the same connection proves
   * every push sent before it has arrived, so a stalled channel comes back live when one answers.
   */
  beat(): void {
    const c = this.client
    if (!c || this.closed || !c.isReady) return
    if (!this.isLive && !this.pingSentAt) return void this.track()
    if (this.pingSentAt) return this.down()
    const sent = (this.pingSentAt = Date.now())
    c.sendCommand(['PING']).then(
      () => {
        if (this.pingSentAt !== sent) return
        this.pingSentAt = 0
        if (!this.isLive) void this.track()
      },
      () => this.down(),
    )
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
    this.down()
    this.client?.destroy()
  }
}
