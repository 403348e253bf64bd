/**
 * Byte helpers of the HTTP layer on Web-standard globals only (Web Crypto, `TextEncoder`,
 * `TextDecoder`, `btoa`), never `Buffer` or `node:crypto`: the Fetch adapter runs this code on Bun,
 * Deno and edge runtimes as well as on Node 20+.
 */

const encoder = new TextEncoder()

/**
 * Bytes as unpadded base64url text.
 *
 * @example
 * ```ts
 * base64url(new Uint8Array([255, 254])) // '__4'
 * ```
 */
export function base64url(bytes: Uint8Array): string {
  let binary = ''
  for (const b of bytes) binary += String.fromCharCode(b)
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

/**
 * `n` random bytes from the platform's CSPRNG, base64url.
 *
 * @example
 * ```ts
 * randomToken(32) // 'q3J9...' (43 characters)
 * ```
 */
export function randomToken(n: number): string {
  return base64url(crypto.getRandomValues(new Uint8Array(n)))
}

/**
 * SHA-256 of the UTF-8 text, base64url.
 *
 * @example
 * ```ts
 * await sha256Base64url('abc') // 'ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0'
 * ```
 */
export async function sha256Base64url(text: string): Promise<string> {
  return base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(text))))
}

/**
 * Length of the text in UTF-8 bytes.
 *
 * @example
 * ```ts
 * utf8Length('é') // 2
 * ```
 */
export function utf8Length(text: string): number {
  return encoder.encode(text).byteLength
}

/**
 * Constant-time equality of two strings' UTF-8 bytes (the time depends only on the length), so a
 * secret cannot be guessed byte by byte.
 *
 * @example
 * ```ts
 * sameSecret('abc', 'abd') // false
 * ```
 */
export function sameSecret(a: string, b: string): boolean {
  const x = encoder.encode(a)
  const y = encoder.encode(b)
  if (x.byteLength !== y.byteLength) return false
  let diff = 0
  for (let i = 0; i < x.byteLength; i++) diff |= (x[i] as number) ^ (y[i] as number)
  return diff === 0
}

/**
 * Concatenates byte chunks and decodes them as UTF-8 (invalid sequences become U+FFFD, as
 * `Buffer#toString` does).
 *
 * @example
 * ```ts
 * decodeUtf8([new Uint8Array([104, 105])]) // 'hi'
 * ```
 */
export function decodeUtf8(chunks: readonly Uint8Array[]): string {
  const decoder = new TextDecoder()
  let text = ''
  for (const c of chunks) text += decoder.decode(c, { stream: true })
  return text + decoder.decode()
}
