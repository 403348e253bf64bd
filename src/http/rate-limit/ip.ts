/**
 * Client addresses as rate-limit keys. IPv6 clients usually own a whole /64 (or more), so keying by
 * the full address would let one client rotate through 2^64 buckets; we key by the prefix instead.
 */

/** A dotted-quad IPv4 address (no leading zeros), as `node:net`'s `isIPv4` accepts. */
const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/

// Parsed here rather than with `node:net`, so the Fetch adapter needs no Node built-in.
function isIPv4(address: string): boolean {
  return IPV4.test(address)
}

const GROUP = /^[0-9a-f]{1,4}$/i

/** Eight 16-bit groups of an IPv6 address (zone id ignored), or undefined when it is not one. */
function ipv6Groups(address: string): number[] | undefined {
  let a = address
  const zone = a.indexOf('%')
  if (zone >= 0) a = a.slice(0, zone)
  // An embedded IPv4 tail (::ffff:1.2.3.4) becomes two hex groups.
  const v4 = /:(\d+\.\d+\.\d+\.\d+)$/.exec(a)
  if (v4?.[1] !== undefined) {
    if (!isIPv4(v4[1])) return undefined
    const [b0, b1, b2, b3] = v4[1].split('.').map(Number) as [number, number, number, number]
    a = `${a.slice(0, v4.index + 1)}${((b0 << 8) | b1).toString(16)}:${((b2 << 8) | b3).toString(16)}`
  }
  const halves = a.split('::')
  if (halves.length > 2) return undefined
  const parse = (s: string) => (s === '' ? [] : s.split(':'))
  const head = parse(halves[0] ?? '')
  const tail = halves.length === 2 ? parse(halves[1] ?? '') : undefined
  if (![...head, ...(tail ?? [])].every((g) => GROUP.test(g))) return undefined
  const h = head.map((g) => parseInt(g, 16))
  if (tail === undefined) return h.length === 8 ? h : undefined
  const t = tail.map((g) => parseInt(g, 16))
  if (h.length + t.length > 7) return undefined
  return [...h, ...new Array<number>(8 - h.length - t.length).fill(0), ...t]
}

/**
 * The rate-limit key of a client address: IPv4 as is; IPv4-mapped IPv6 (`::ffff:1.2.3.4`, what a
 * dual-stack socket reports) as the IPv4 address; other IPv6 masked to `ipv6Prefix` bits and
 * written `<network>/<prefix>`. Anything unparseable is returned trimmed, unchanged.
 * @example ipKey('2001:db8:1:2:3:4:5:6', 64) // '2001:db8:1:2::/64'
 */
export function ipKey(address: string, ipv6Prefix = 64): string {
  const a = address.trim()
  if (isIPv4(a)) return a
  const groups = ipv6Groups(a)
  if (!groups) return a
  const mapped = groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff
  if (mapped) {
    const [hi = 0, lo = 0] = groups.slice(6)
    return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`
  }
  const masked = groups.map((g, i) => {
    const bits = Math.min(16, Math.max(0, ipv6Prefix - i * 16))
    return bits === 0 ? 0 : g & ((0xffff << (16 - bits)) & 0xffff)
  })
  return `${compress(masked)}/${ipv6Prefix}`
}

/** RFC 5952 text form: lower-case, longest run of zero groups (two or more) as `::`. */
function compress(groups: number[]): string {
  let best = -1
  let bestLen = 1
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++
      continue
    }
    let j = i
    while (j < 8 && groups[j] === 0) j++
    if (j - i > bestLen) [best, bestLen] = [i, j - i]
    i = j
  }
  const hex = groups.map((g) => g.toString(16))
  if (best < 0) return hex.join(':')
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`
}
