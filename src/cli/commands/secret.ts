import { randomBytes } from 'node:crypto'
import type { Command } from '../command.js'
import { UsageError } from '../usage.js'

/** `jwt-sessions secret`: a random HS256 secret for `JWT_SECRET`. */
export const secret: Command = {
  name: 'secret',
  usage: 'secret [--bytes 32]',
  summary: 'print a random secret for JWT_SECRET (hex, 32 bytes by default)',
  flags: { bytes: { type: 'string', help: 'bytes of randomness, 32 to 1024 (default 32)' } },
  positionals: { min: 0, max: 0, names: '' },
  async run({ flags, out }) {
    const n = Number(flags['bytes'] ?? 32)
    if (!Number.isInteger(n) || n < 32 || n > 1024) throw new UsageError('--bytes must be an integer from 32 to 1024')
    out(randomBytes(n).toString('hex'))
    return 0
  },
}
