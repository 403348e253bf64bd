/**
 * Messages between the tabs of one origin (BroadcastChannel): sign-ins, refreshes and session ends
 * reach every tab, and a new tab can ask the open ones for the session.
 */
import type { State } from './state.js'
import type { ChannelLike } from './types.js'

/** How a session ended. */
export type SessionEnd = 'logout' | 'sessionExpired'

/** What tabs tell each other. Property values stay short: they are sent on every refresh. */
export type TabMessage =
  /** A tab installed a new session state (`isLogin`: a sign-in rather than a refresh). */
  | { kind: 'state'; state: State; isLogin: boolean }
  /** A tab's session ended. */
  | { kind: 'ended'; end: SessionEnd; code: string }
  /** A new tab asks the open ones for their session (their refresh token is per tab). */
  | { kind: 'hello' }

/** The channel, or nothing when messaging is off. A closed channel is survived. */
export class TabChannel {
  constructor(
    private readonly channel: ChannelLike | null,
    onMessage: (message: TabMessage) => void,
  ) {
    if (channel) channel.onmessage = (e) => onMessage(e.data as TabMessage)
  }

  /** Tells every other tab of this origin. */
  post(message: TabMessage): void {
    try {
      this.channel?.postMessage(message)
    } catch {
      // A closed channel: the other tabs fall back to the shared storage check.
    }
  }

  /** Stops listening and closes the channel. */
  close(): void {
    if (!this.channel) return
    this.channel.onmessage = null
    this.channel.close()
  }
}
