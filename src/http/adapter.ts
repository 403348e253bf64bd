/**
 * The adapter seam: everything a framework adapter does that does not depend on the framework.
 * An adapter supplies a {@link RequestBinding} (how to see its request and read its body) and gets
 * back an {@link HttpAdapter} whose methods answer framework-neutral {@link HttpResponse}s; all it
 * has left to do is to write those to its response and to put `user` and `session` where its
 * framework keeps per-request state. See `docs/adapters.md`.
 */
import { TokenMissingError } from '../errors/index.js'
import type { CreateOptions, Sessions } from '../sessions/types.js'
import { createHttpCore, type Authenticated, type HttpCore, type PublicTokenSet } from './core.js'
import { HttpInputError } from './errors.js'
import type { HttpSessionsOptions } from './options.js'
import { RequestSession, userFromClaims, type AuthUser } from './request-session.js'
import type { HttpRequestView } from './request.js'
import type { ErrorBody, HttpResponse } from './respond.js'
import { matchTokenRoute } from './token-routes.js'

/** How an adapter shows its framework's request `Req` to the core. */
export interface RequestBinding<Req> {
  /**
   * The neutral view of `req`. Called up to twice per request (before and after the body is read),
   * so keep it cheap: read `ip` and `query` lazily if the framework computes them.
   */
  view(req: Req): HttpRequestView
  /**
   * The request's body as the framework parsed it, or read and parsed here as JSON with at most
   * `limit` bytes (see `readJsonBody`); undefined when there is none. Throw HttpInputError for an
   * unreadable body. Remember the value: `view(req).body` must return it from then on. The core
   * checks that it is an object.
   */
  readBody(req: Req, limit: number): Promise<unknown>
}

/** What `authenticate` found: a session, nobody (optional auth without a token), or an error answer. */
export type AuthOutcome<D> =
  | { auth: Authenticated<D>; user: AuthUser; session: RequestSession<D>; response?: undefined }
  | { auth: undefined; user: undefined; session: undefined; response?: undefined }
  | { response: HttpResponse<ErrorBody>; auth?: undefined; user?: undefined; session?: undefined }

/** The framework-neutral handlers over one binding. Build it with {@link createAdapter}. */
export interface HttpAdapter<Req, D> {
  readonly core: HttpCore<D>
  /**
   * Verifies the request's token (reading the body first when `tokenFrom` includes `body`). Without
   * a token: the 401 answer, or with `optional` an anonymous outcome. A bad token is always an answer.
   */
  authenticate(req: Req, optional: boolean): Promise<AuthOutcome<D>>
  /**
   * Reads the body, runs `fn` on the view, and turns anything thrown into the contract's error
   * answer (with the cookie-clearing headers a dead refresh cookie needs).
   */
  respond(req: Req, fn: (view: HttpRequestView) => Promise<HttpResponse>): Promise<HttpResponse>
  /** Ends the request's session: the one `auth` found, else the token the request carries. */
  logout(req: Req, auth?: Authenticated<D>): Promise<HttpResponse>
  /** Ends every session of the user (`exceptCurrent` keeps this one); authenticates when `auth` did not run. */
  logoutAll(req: Req, auth?: Authenticated<D>): Promise<HttpResponse>
  /** Rotates the refresh token of the body or the refresh cookie. */
  refresh(req: Req): Promise<HttpResponse>
  /**
   * Seed 004's endpoints and the device list, for `path` relative to the mount point. Undefined when
   * no endpoint matches; errors answer in seed 004's envelope.
   */
  routes(req: Req, path: string): Promise<HttpResponse | undefined>
  /** Starts a session and builds its answer (cookies in cookie mode, the token set as the body). */
  signIn(req: Req, userId: string, options?: CreateOptions<D>): Promise<HttpResponse<PublicTokenSet>>
}

/**
 * Builds the neutral handlers of an adapter. `options` are validated here, once.
 *
 * @param where - how configuration errors name the options object, e.g. `koaSessions options`
 * @param extraKeys - option keys the adapter adds to {@link HttpSessionsOptions} (refused otherwise)
 * @example
 * ```ts
 * const adapter = createAdapter(sessions, options, { view: (req) => viewOf(req), readBody: bodyOf })
 * const outcome = await adapter.authenticate(req, false)
 * if (outcome.response) return send(res, outcome.response)
 * ```
 */
export function createAdapter<Req, D>(
  sessions: Sessions<D>,
  options: HttpSessionsOptions,
  binding: RequestBinding<Req>,
  where = 'HTTP options',
  extraKeys: readonly string[] = [],
): HttpAdapter<Req, D> {
  const core = createHttpCore(sessions, options, { where, extraKeys })
  const { bodyLimit } = core.config
  const bodyFirst = core.config.sources.includes('body')

  const loadBody = async (req: Req): Promise<void> => {
    const body = await binding.readBody(req, bodyLimit)
    // A parser upstream accepted a JSON array, a string or a number: not what these handlers read.
    if (body !== undefined && (typeof body !== 'object' || body === null || Array.isArray(body))) {
      throw new HttpInputError('BAD_REQUEST', 'The request body must be a JSON object')
    }
  }

  const authenticate = async (req: Req, optional: boolean): Promise<AuthOutcome<D>> => {
    let auth: Authenticated<D> | undefined
    try {
      const method = bodyFirst ? binding.view(req).method : 'GET'
      if (method !== 'GET' && method !== 'HEAD') await loadBody(req)
      auth = await core.authenticate(binding.view(req))
      if (auth === undefined && !optional) throw new TokenMissingError()
    } catch (err) {
      return { response: core.errorResponse(err) }
    }
    if (auth === undefined) return { auth, user: undefined, session: undefined }
    const user = userFromClaims(auth.context.userId, auth.context.claims)
    return { auth, user, session: new RequestSession<D>(sessions, auth.context, auth.token) }
  }

  const respond = async (req: Req, fn: (view: HttpRequestView) => Promise<HttpResponse>) => {
    try {
      await loadBody(req)
      return await fn(binding.view(req))
    } catch (err) {
      return core.errorResponse(err)
    }
  }

  return Object.freeze({
    core,
    authenticate,
    respond,
    logout: (req: Req, auth?: Authenticated<D>) => respond(req, (view) => core.logout(view, auth)),
    logoutAll: (req: Req, auth?: Authenticated<D>) =>
      respond(req, async (view) => core.logoutAll(view, auth ?? (await core.requireAuth(view)))),
    refresh: (req: Req) => respond(req, (view) => core.refresh(view)),
    async routes(req: Req, path: string) {
      try {
        const first = binding.view(req)
        const route = matchTokenRoute(first.method, path)
        if (route === undefined) return undefined
        if (first.method === 'POST') await loadBody(req)
        return await route(core, first.method === 'POST' ? binding.view(req) : first, req)
      } catch (err) {
        return core.fail(err)
      }
    },
    signIn: (req: Req, userId: string, opts?: CreateOptions<D>) => core.signIn(binding.view(req), userId, opts),
  })
}
