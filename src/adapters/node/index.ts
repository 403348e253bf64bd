/**
 * `jwt-sessions/node`: plain `node:http` `(req, res)` helpers, for servers without a framework.
 * @packageDocumentation
 */
export {
  nodeSessions,
  type NodeAuth,
  type NodeLoginGuard,
  type NodeRateLimit,
  type NodeSessions,
  type NodeSessionsOptions,
} from './node-sessions.js'
export { sendNode } from './send.js'
export type { ClientIp } from './view.js'
export * from '../shared-exports.js'
