/** `jwt-sessions/client`: the browser TokenManager (no dependencies, no Node built-ins). */
export { TokenManager } from './token-manager.js'
export type {
  ChannelLike,
  ClockLike,
  Duration,
  FetchLike,
  LockLike,
  LoginTokens,
  RefreshTokenStorage,
  StorageLike,
  TokenInfo,
  TokenManagerEvents,
  TokenManagerOptions,
} from './types.js'
