/**
 * Drop-in replacement for `jwt-redis-sessions` (3.x and the README's API): change
 * `require('jwt-redis-sessions')` to `require('jwt-sessions/compat/jwt-redis-sessions')`.
 * Configured from the same environment variables; connects to Redis on first use.
 * See docs/migrating/jwt-redis-sessions.md for every behaviour that differs.
 * @example
 * const { generateToken, auth, logout } = require('jwt-sessions/compat/jwt-redis-sessions')
 * app.get('/profile', auth, (req, res) => res.json({ user: req.user, session: req.session }))
 * @packageDocumentation
 */
export { AuthError, RedisError, TokenError, ValidationError, type JwtRedisSessionsError } from './errors.js'
export type { Config, ConfigOverrides, JWTConfig, RedisConfig, SecurityConfig } from './config.js'
export { closeRedisConnection, config, configure, initialize } from './state.js'
export {
  generateToken,
  getUserSessions,
  isTokenBlacklisted,
  refreshToken,
  revokeAllUserTokens,
  revokeToken,
  verifyToken,
  type RequestLike,
  type SessionData,
  type TokenResponse,
  type VerifyTokenResult,
} from './tokens.js'
export {
  auth,
  logout,
  logoutAll,
  optionalAuth,
  rateLimit,
  refresh,
  type CompatRequest,
  type CompatResponse,
  type Middleware,
  type Next,
} from './middleware.js'
