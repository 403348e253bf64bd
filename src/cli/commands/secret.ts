import { randomBytes } from 'node:crypto'
import type { Command } from '../command.js'

export const secret: Command = {
  name: 'secret',
  usage: 'secret [--bytes 32]',
  summary: 'print a random secret for JWT_SECRET (hex, 32 bytes by default)',
  async run({ flags, out }) {
    const n = Number(flags['bytes'] ?? 32)
    if (!Number.isInteger(n) || n < 32 || n > 1024) {
      out('CONFIG_INVALID: --bytes must be an integer from 32 to 1024')
      return 2
    }
    out(randomBytes(n).toString('hex'))
    return 0
  },
}
