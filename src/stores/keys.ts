/**
 * Key and id layout, in one place. Every key a script touches carries a hash tag, so each script
 * addresses exactly one hash slot and runs unchanged on Redis Cluster.
 *
 *   <prefix>u:{<base64url(userId)>}    hash: one field per session (+ d:/m:/c:/g: fields)
 *   <prefix>rl:{<base64url(bucket)>}   rate-limit state
 *
 * base64url cannot contain `{`, `}`, `*`, `:` or `?`, so no user id can escape its hash tag, match a
 * glob, or collide with another user's key.
 */
const memo = new Map<string, string>()

/**
 * base64url of a user id. Memoised (bounded) because every verification needs it twice: for the
 * sid check and for the user's key.
 */
export function b64url(s: string): string {
  let out = memo.get(s)
  if (out === undefined) {
    out = Buffer.from(s, 'utf8').toString('base64url')
    if (s.length <= 256) {
      if (memo.size >= 10_000) memo.clear()
      memo.set(s, out)
    }
  }
  return out
}

export function userKey(prefix: string, userId: string): string {
  return `${prefix}u:{${b64url(userId)}}`
}

export function bucketKey(prefix: string, bucket: string): string {
  return `${prefix}rl:{${b64url(bucket)}}`
}

/** Glob that SCAN uses to find user hashes (admin statistics only). */
export function userKeyPattern(prefix: string): string {
  return `${prefix.replace(/[*?[\]\\]/g, '\\$&')}u:{*`
}
