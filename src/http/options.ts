/**
 * Options of the HTTP layer (shared by every framework adapter), validated once and resolved into a
 * frozen config. Errors name the option.
 */
import { rejectUnknownKeys } from '../config/unknown-keys.js'
import { ConfigError } from '../errors/index.js'
import type { HttpRequestView } from './request.js'

/** Where an access token may come from. */
export type TokenSource = 'header' | 'cookie' | 'body' | 'query'

/** Cookie transport: tokens in `HttpOnly` cookies instead of response bodies. */
export interface CookieModeOptions {
  /**
   * The `Secure` attribute. Default `true`. Browsers treat `http://localhost` as a secure context, so
   * Secure cookies work there; set `false` only for plain-http development on another host name.
   */
  secure?: boolean
  /** `SameSite`. Default `'lax'`. `'none'` requires `secure`. */
  sameSite?: 'lax' | 'strict' | 'none'
  /** `Domain`; omitted by default (host-only, which also allows the `__Host-` prefix). */
  domain?: string
  /** Path of the access token and CSRF cookies. Default `'/'`. */
  path?: string
  /**
   * Path of the refresh token cookie: where the refresh handlers are mounted, so the refresh token is
   * sent nowhere else. Default `'/api/token'`.
   */
  refreshPath?: string
  /** Cookie names. Defaults: `__Host-jwts-at`, `__Secure-jwts-rt`, `__Host-jwts-csrf` (prefixes dropped when not allowed). */
  names?: { accessToken?: string; refreshToken?: string; csrf?: string }
}

/** CSRF protection for cookie-authenticated state-changing requests. */
export interface CsrfOptions {
  /** Request header that must echo the CSRF cookie. Default `'x-csrf-token'`. */
  headerName?: string
  /** Extra origins allowed besides the request's own host, e.g. `['https://app.example.com']`. */
  trustedOrigins?: string[]
  /** Accept `Sec-Fetch-Site: same-site` (sibling subdomains). Default `false`. */
  allowSameSite?: boolean
}

/** What an `authorize` hook is asked. */
export interface AuthorizeContext {
  /** `'session-stats'` for another user's statistics, `'health'` for health details. */
  action: 'session-stats' | 'health'
  /** The authenticated caller. */
  user: { id: string; [claim: string]: unknown }
  /** The user asked about (session-stats). */
  targetUserId?: string
  /** The framework's own request object. */
  request: unknown
}

/** Options shared by every HTTP adapter. */
export interface HttpSessionsOptions {
  /** Property of the request that holds the request session. Default `'session'`. */
  requestKey?: string
  /** Token sources, in order. Default `['header']`, or `['header', 'cookie']` in cookie mode. */
  tokenFrom?: TokenSource[]
  /**
   * Name of the token parameter (seed 002): the body/query field, and the header derived from it in
   * `x-kebab-case` (`'accessToken'` → `x-access-token`). Unset: only `Authorization: Bearer`, and
   * `accessToken` for body/query sources.
   */
  requestArg?: string
  /** Explicit extra header carrying the raw token (overrides the one derived from `requestArg`). */
  headerName?: string
  /** Accept `?accessToken=` (tokens in URLs leak into logs). Default `false`. */
  allowQueryToken?: boolean
  /** Cookie mode: `true` for the defaults, or options. Default off. */
  cookies?: boolean | CookieModeOptions
  /** CSRF options for cookie mode. `false` disables the check (not recommended). */
  csrf?: CsrfOptions | false
  /** Largest JSON body read by the handlers, in bytes. Default 16384. */
  bodyLimit?: number
  /** Allows more than the default (own user only for stats, details of health for any signed-in user). */
  authorize?: (ctx: AuthorizeContext) => boolean | Promise<boolean>
}

export interface ResolvedCookies {
  readonly secure: boolean
  readonly sameSite: 'Lax' | 'Strict' | 'None'
  readonly domain: string | undefined
  readonly path: string
  readonly refreshPath: string
  readonly accessName: string
  readonly refreshName: string
  readonly csrfName: string
}

export interface ResolvedCsrf {
  readonly headerName: string
  readonly trustedOrigins: readonly string[]
  readonly allowSameSite: boolean
}

export interface ResolvedHttpOptions {
  readonly requestKey: string
  readonly sources: readonly TokenSource[]
  /** Extra header carrying the raw token, lower case. */
  readonly tokenHeader: string | undefined
  /** Body/query field name. */
  readonly tokenField: string
  readonly cookies: ResolvedCookies | undefined
  readonly csrf: ResolvedCsrf | undefined
  readonly bodyLimit: number
  readonly authorize: HttpSessionsOptions['authorize']
}

export type { HttpRequestView }

/**
 * `'accessToken'` → `'x-access-token'` (seed 002's rule).
 *
 * @example
 * ```ts
 * headerForArg('jwtToken') // 'x-jwt-token'
 * ```
 */
export function headerForArg(arg: string): string {
  return `x-${arg.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`).replace(/^-/, '')}`
}

/** Where the options come from, for error messages, and the keys an adapter adds. */
export interface OptionsContext {
  /** How errors name the options object, e.g. `expressSessions options`. Default `HTTP options`. */
  where?: string
  /** Option keys the adapter itself reads (so they are not refused as unknown). */
  extraKeys?: readonly string[]
}

const HTTP_KEYS = [
  'requestKey',
  'tokenFrom',
  'requestArg',
  'headerName',
  'allowQueryToken',
  'cookies',
  'csrf',
  'bodyLimit',
  'authorize',
] as const satisfies readonly (keyof HttpSessionsOptions)[]

const SOURCES: ReadonlySet<string> = new Set(['header', 'cookie', 'body', 'query'])
const HEADER_RE = /^[!#$%&'*+\-.^_`|~0-9a-z]+$/

/**
 * Validates and freezes the HTTP options.
 *
 * @example
 * ```ts
 * const config = resolveHttpOptions({ cookies: true })
 * ```
 */
export function resolveHttpOptions(
  options: HttpSessionsOptions = {},
  context: OptionsContext = {},
): ResolvedHttpOptions {
  if (options === null || typeof options !== 'object')
    throw new ConfigError(`${context.where ?? 'HTTP options'} must be an object`)
  rejectUnknownKeys(options, [...HTTP_KEYS, ...(context.extraKeys ?? [])], context.where ?? 'HTTP options')
  checkCsrfShape(options.csrf)
  const requestKey = options.requestKey ?? 'session'
  if (typeof requestKey !== 'string' || requestKey === '' || requestKey === 'user') {
    throw new ConfigError('"requestKey" option must be a non-empty string other than "user"')
  }
  // `tokenFrom: ['header', 'cookie']` (the contract's example) asks for cookie transport with its
  // defaults; only an explicit `cookies: false` beside it is a contradiction.
  const wantsCookies = Array.isArray(options.tokenFrom) && options.tokenFrom.includes('cookie')
  const cookies = resolveCookies(options.cookies ?? (wantsCookies ? true : undefined))
  const sources = resolveSources(options, cookies !== undefined)
  const arg = options.requestArg
  if (arg !== undefined && (typeof arg !== 'string' || !/^[A-Za-z][A-Za-z0-9_]*$/.test(arg))) {
    throw new ConfigError('"requestArg" option must be an identifier such as "accessToken"')
  }
  const tokenHeader = options.headerName?.toLowerCase() ?? (arg === undefined ? undefined : headerForArg(arg))
  if (tokenHeader !== undefined && (!HEADER_RE.test(tokenHeader) || tokenHeader === 'authorization')) {
    throw new ConfigError('"headerName" option must be a header name other than "authorization"')
  }
  const bodyLimit = options.bodyLimit ?? 16 * 1024
  if (!Number.isInteger(bodyLimit) || bodyLimit < 256) {
    throw new ConfigError('"bodyLimit" option must be an integer of at least 256 (bytes)')
  }
  if (options.authorize !== undefined && typeof options.authorize !== 'function') {
    throw new ConfigError('"authorize" option must be a function')
  }
  return Object.freeze({
    requestKey,
    sources: Object.freeze(sources),
    tokenHeader,
    tokenField: arg ?? 'accessToken',
    cookies,
    csrf: cookies === undefined || options.csrf === false ? undefined : resolveCsrf(options.csrf),
    bodyLimit,
    authorize: options.authorize,
  })
}

function resolveSources(options: HttpSessionsOptions, cookieMode: boolean): TokenSource[] {
  const given = options.tokenFrom ?? (cookieMode ? ['header', 'cookie'] : ['header'])
  if (!Array.isArray(given) || given.length === 0 || given.some((s) => !SOURCES.has(s))) {
    throw new ConfigError('"tokenFrom" option must be a non-empty array of header, cookie, body, query')
  }
  const sources = [...new Set(given)]
  if (sources.includes('cookie') && !cookieMode) {
    throw new ConfigError('"tokenFrom" includes "cookie" but the "cookies" option is off')
  }
  if (options.allowQueryToken === true && !sources.includes('query')) sources.push('query')
  return sources
}

/** Checked in header mode too, so a typo shows before cookie mode is turned on. */
function checkCsrfShape(csrf: unknown): void {
  if (csrf === undefined || csrf === false) return
  if (csrf === null || typeof csrf !== 'object') throw new ConfigError('"csrf" option must be an object or false')
  rejectUnknownKeys(csrf, ['headerName', 'trustedOrigins', 'allowSameSite'], '"csrf" option')
}

function resolveCsrf(csrf: CsrfOptions | undefined): ResolvedCsrf {
  const headerName = (csrf?.headerName ?? 'x-csrf-token').toLowerCase()
  if (!HEADER_RE.test(headerName)) throw new ConfigError('"csrf.headerName" option must be a header name')
  const trusted = csrf?.trustedOrigins ?? []
  const trustedOrigins = trusted.map((o) => {
    try {
      return new URL(o).origin
    } catch {
      throw new ConfigError(`"csrf.trustedOrigins" option has an invalid origin: ${String(o)}`)
    }
  })
  return Object.freeze({
    headerName,
    trustedOrigins: Object.freeze(trustedOrigins),
    allowSameSite: csrf?.allowSameSite ?? false,
  })
}

const SAME_SITE = { lax: 'Lax', strict: 'Strict', none: 'None' } as const

function resolveCookies(input: boolean | CookieModeOptions | undefined): ResolvedCookies | undefined {
  if (input === undefined || input === false) return undefined
  if (input !== true && (input === null || typeof input !== 'object'))
    throw new ConfigError('"cookies" option must be true, false or an object')
  const o: CookieModeOptions = input === true ? {} : input
  rejectUnknownKeys(o, ['secure', 'sameSite', 'domain', 'path', 'refreshPath', 'names'], '"cookies" option')
  if (o.names !== undefined)
    rejectUnknownKeys(o.names, ['accessToken', 'refreshToken', 'csrf'], '"cookies.names" option')
  const secure = o.secure ?? true
  const sameSiteKey = o.sameSite ?? 'lax'
  const sameSite = SAME_SITE[sameSiteKey]
  if (sameSite === undefined) throw new ConfigError('"cookies.sameSite" option must be lax, strict or none')
  if (sameSite === 'None' && !secure) {
    throw new ConfigError('"cookies.sameSite" none requires "cookies.secure" (browsers drop such cookies)')
  }
  const path = o.path ?? '/'
  const refreshPath = o.refreshPath ?? '/api/token'
  for (const [name, p] of [
    ['cookies.path', path],
    ['cookies.refreshPath', refreshPath],
  ] as const) {
    if (typeof p !== 'string' || !p.startsWith('/') || /[;\s]/.test(p)) {
      throw new ConfigError(`"${name}" option must be a path starting with "/"`)
    }
  }
  const domain = o.domain
  if (domain !== undefined && (typeof domain !== 'string' || !/^[a-z0-9.-]+$/i.test(domain))) {
    throw new ConfigError('"cookies.domain" option must be a host name')
  }
  const pick = (given: string | undefined, base: string, p: string, opt: string): string => {
    const name = given ?? prefixed(base, secure, p, domain)
    checkPrefix(name, secure, p, domain, opt)
    return name
  }
  return Object.freeze({
    secure,
    sameSite,
    domain,
    path,
    refreshPath,
    accessName: pick(o.names?.accessToken, 'jwts-at', path, 'cookies.names.accessToken'),
    refreshName: pick(o.names?.refreshToken, 'jwts-rt', refreshPath, 'cookies.names.refreshToken'),
    csrfName: pick(o.names?.csrf, 'jwts-csrf', path, 'cookies.names.csrf'),
  })
}

/** `__Host-` needs Secure, Path=/ and no Domain; `__Secure-` needs Secure (RFC 6265bis §4.1.3). */
function prefixed(base: string, secure: boolean, path: string, domain: string | undefined): string {
  if (secure && path === '/' && domain === undefined) return `__Host-${base}`
  return secure ? `__Secure-${base}` : base
}

function checkPrefix(name: string, secure: boolean, path: string, domain: string | undefined, opt: string) {
  if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(name)) throw new ConfigError(`"${opt}" option is not a valid cookie name`)
  if (name.startsWith('__Host-') && (!secure || path !== '/' || domain !== undefined)) {
    throw new ConfigError(`"${opt}": a __Host- cookie needs secure, path "/" and no domain`)
  }
  if (name.startsWith('__Secure-') && !secure) {
    throw new ConfigError(`"${opt}": a __Secure- cookie needs secure`)
  }
}
