/**
 * The framework-neutral session handlers: authenticate a request, sign in, refresh, log out. Each
 * takes an {@link HttpRequestView} and returns data or an {@link HttpResponse}; adapters only
 * translate requests and responses.
 */
import { TOKEN_REFUSED_CODES, TokenMissingError, TokenInvalidError } from '../errors/index.js'
import type { SessionContext, SessionMeta, Sessions, TokenSet, CreateOptions } from '../sessions/types.js'
import { clearCookies, tokenCookies } from './cookie-transport.js'
import { checkCsrf, newCsrfToken } from './csrf.js'
import { HttpInputError } from './errors.js'
import { cookiesOf, extractAccessToken, extractRefreshToken, type ExtractedToken } from './extract.js'
import {
  resolveHttpOptions,
  type HttpSessionsOptions,
  type OptionsContext,
  type ResolvedHttpOptions,
} from './options.js'
import { header, type HttpRequestView } from './request.js'
import { fail, type ErrorEnvelope } from './envelope.js'
import { errorResponse, type ErrorBody, type HttpResponse } from './respond.js'
import { instrumentCore } from '../observability/instrument-http.js'

/** A verified request: the session, the token and where it came from. */
export interface Authenticated<D> {
  context: SessionContext<D>
  token: string
  source: ExtractedToken['source']
}

/** A token set as answered over HTTP: without token values when they travel in cookies. */
export type PublicTokenSet = Omit<TokenSet, 'accessToken' | 'refreshToken'> &
  Partial<Pick<TokenSet, 'accessToken' | 'refreshToken'>>

/** The result of a refresh: the new set, the headers to send and whether cookies carry it. */
export interface Refreshed {
  tokens: TokenSet
  headers: Record<string, string | string[]>
  viaCookie: boolean
}

/** Framework-neutral core shared by every adapter. Build it with {@link createHttpCore}. */
export interface HttpCore<D> {
  readonly sessions: Sessions<D>
  readonly config: ResolvedHttpOptions
  authenticate(view: HttpRequestView): Promise<Authenticated<D> | undefined>
  requireAuth(view: HttpRequestView): Promise<Authenticated<D>>
  signIn(view: HttpRequestView, userId: string, options?: CreateOptions<D>): Promise<HttpResponse<PublicTokenSet>>
  rotate(view: HttpRequestView, refresh?: ExtractedToken): Promise<Refreshed>
  refresh(view: HttpRequestView): Promise<HttpResponse<PublicTokenSet>>
  logout(view: HttpRequestView, auth?: Authenticated<D>): Promise<HttpResponse>
  logoutAll(view: HttpRequestView, auth: Authenticated<D>): Promise<HttpResponse>
  clearing(auth: { source: string } | undefined): Record<string, string[]>
  /** Extra headers to send with an error answer (cookie removal after a dead refresh cookie). */
  errorHeaders(err: unknown): Record<string, string[]>
  /** The contract's error response for `err`, with {@link HttpCore.errorHeaders} merged in. */
  errorResponse(err: unknown): HttpResponse<ErrorBody>
  /** Seed 004's error envelope for `err`, with {@link HttpCore.errorHeaders} merged in. */
  fail(err: unknown): HttpResponse<ErrorEnvelope>
  metaOf(view: HttpRequestView): SessionMeta
}

/**
 * Builds the core for a session engine and the HTTP options.
 *
 * @example
 * ```ts
 * const core = createHttpCore(sessions, { cookies: true })
 * const auth = await core.requireAuth(view)
 * ```
 */
export function createHttpCore<D>(
  sessions: Sessions<D>,
  options: HttpSessionsOptions = {},
  context?: OptionsContext,
): HttpCore<D> {
  const config = resolveHttpOptions(options, context)

  const metaOf = (view: HttpRequestView): SessionMeta => {
    const meta: SessionMeta = {}
    if (view.ip !== undefined) meta.ip = view.ip
    const ua = header(view, 'user-agent')
    if (ua !== undefined) meta.userAgent = ua.slice(0, 256)
    return meta
  }

  const authenticate = async (view: HttpRequestView): Promise<Authenticated<D> | undefined> => {
    const found = extractAccessToken(view, config)
    if (found === undefined) return undefined
    if (found.source === 'cookie') checkCsrf(view, config.csrf, config.cookies)
    const context = await sessions.verify(found.token)
    return { context, token: found.token, source: found.source }
  }

  const requireAuth = async (view: HttpRequestView): Promise<Authenticated<D>> => {
    const auth = await authenticate(view)
    if (auth === undefined) throw new TokenMissingError()
    return auth
  }

  /**
   * Cookies travel only to cookie clients; API clients keep getting tokens in the body. The CSRF
   * token of `keepCsrfOf` (a refresh) is kept; without it (a sign-in) a fresh one is minted.
   */
  const answer = (tokens: TokenSet, keepCsrfOf: HttpRequestView | undefined, viaCookie: boolean) => {
    const headers: Record<string, string | string[]> = { 'cache-control': 'no-store' }
    if (!viaCookie || config.cookies === undefined) return { headers, body: tokens as PublicTokenSet }
    const csrf = keepCsrfOf === undefined ? undefined : cookiesOf(keepCsrfOf)[config.cookies.csrfName]
    const csrfToken = csrf !== undefined && csrf !== '' ? csrf : newCsrfToken()
    headers['set-cookie'] = tokenCookies(config.cookies, tokens, csrfToken)
    const { accessToken: _a, refreshToken: _r, ...rest } = tokens
    return { headers, body: rest as PublicTokenSet }
  }

  const signIn = async (view: HttpRequestView, userId: string, opts: CreateOptions<D> = {}) => {
    const tokens = await sessions.create(userId, { ...opts, meta: { ...metaOf(view), ...opts.meta } })
    // A sign-in always starts a fresh CSRF token: never inherit one planted before login.
    const { headers, body } = answer(tokens, undefined, config.cookies !== undefined)
    return { status: 200, headers, body }
  }

  const rotate = async (view: HttpRequestView, given?: ExtractedToken): Promise<Refreshed> => {
    const found = given ?? extractRefreshToken(view, config)
    if (found === undefined) throw new TokenMissingError('No refresh token was sent')
    const viaCookie = found.source === 'cookie'
    if (viaCookie) checkCsrf(view, config.csrf, config.cookies)
    try {
      const tokens = await sessions.refresh(found.token, { meta: metaOf(view) })
      return { tokens, headers: answer(tokens, view, viaCookie).headers, viaCookie }
    } catch (err) {
      // A refresh cookie that can never work again is removed; transient failures keep it.
      if (viaCookie && config.cookies !== undefined && isTerminal(err)) {
        clearOnError.set(err as object, clearCookies(config.cookies))
      }
      throw err
    }
  }

  const refresh = async (view: HttpRequestView): Promise<HttpResponse<PublicTokenSet>> => {
    const r = await rotate(view)
    return { status: 200, headers: r.headers, body: publicBody(r) }
  }

  const clearing = (auth: { source: string } | undefined): Record<string, string[]> =>
    config.cookies !== undefined && (auth === undefined || auth.source === 'cookie')
      ? { 'set-cookie': clearCookies(config.cookies) }
      : {}

  const logout = async (view: HttpRequestView, auth?: Authenticated<D>): Promise<HttpResponse> => {
    let source: string
    if (auth !== undefined) {
      await sessions.revoke(auth.context.sessionId)
      source = auth.source
    } else {
      // An expired access cookie is gone from the browser; the refresh token still names the session.
      const found = extractAccessToken(view, config) ?? extractRefreshToken(view, config)
      if (found === undefined) throw new TokenMissingError()
      if (found.source === 'cookie') checkCsrf(view, config.csrf, config.cookies)
      await revokeQuietly(sessions, found.token)
      source = found.source
    }
    const headers = { 'cache-control': 'no-store', ...clearing({ source }) }
    return { status: 200, headers, body: { success: true, message: 'Logged out' } }
  }

  const logoutAll = async (view: HttpRequestView, auth: Authenticated<D>): Promise<HttpResponse> => {
    const exceptCurrent = readExceptCurrent(view)
    const { userId, sessionId } = auth.context
    const revoked = await sessions.revokeAll(userId, exceptCurrent ? { except: sessionId } : {})
    const headers = { 'cache-control': 'no-store', ...(exceptCurrent ? {} : clearing(auth)) }
    const message = exceptCurrent ? 'Logged out of all other sessions' : 'Logged out of all sessions'
    return { status: 200, headers, body: { success: true, message, data: { revoked } } }
  }

  return instrumentCore(
    Object.freeze({
      sessions,
      config,
      authenticate,
      requireAuth,
      signIn,
      rotate,
      refresh,
      logout,
      logoutAll,
      clearing,
      errorHeaders,
      errorResponse: (err: unknown) => {
        const r = errorResponse(err)
        return { ...r, headers: { ...r.headers, ...errorHeaders(err) } }
      },
      fail: (err: unknown) => fail(err, errorHeaders(err)),
      metaOf,
    }),
  )
}

const clearOnError = new WeakMap<object, string[]>()

function errorHeaders(err: unknown): Record<string, string[]> {
  const cookies = typeof err === 'object' && err !== null ? clearOnError.get(err) : undefined
  return cookies === undefined ? {} : { 'set-cookie': cookies }
}

function publicBody(r: Refreshed): PublicTokenSet {
  if (!r.viaCookie) return r.tokens
  const { accessToken: _a, refreshToken: _r, ...rest } = r.tokens
  return rest
}

const TERMINAL: ReadonlySet<string> = TOKEN_REFUSED_CODES

function isTerminal(err: unknown): boolean {
  return typeof err === 'object' && err !== null && TERMINAL.has(String((err as { code?: unknown }).code))
}

/** Logout answers the same whether the session was alive or not: only store failures surface. */
async function revokeQuietly<D>(sessions: Sessions<D>, token: string): Promise<void> {
  try {
    await sessions.revoke(token)
  } catch (err) {
    if (err instanceof TokenInvalidError || isTerminal(err)) return
    throw err
  }
}

function readExceptCurrent(view: HttpRequestView): boolean {
  const body = view.body as Record<string, unknown> | undefined
  const fromBody = body?.exceptCurrent
  if (fromBody !== undefined) {
    if (typeof fromBody !== 'boolean') throw new HttpInputError('BAD_REQUEST', '"exceptCurrent" must be a boolean')
    return fromBody
  }
  const q = view.query?.exceptCurrent
  return q === 'true' || q === '1'
}
