import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT } from '../lib/env.js'

/** One row of the HTTP comparison. */
export interface Row {
  id: string
  label: string
  /** Target module (absolute path), exporting `setup` (or `entry`). */
  module: string
  /** The module's export to run, when it holds several targets. Default `setup`. */
  entry?: string
  /** Files that must exist for the row to run (relative to the repository). */
  requires: string[]
  /** Needs the seed packages in `.bench-scratch/`. */
  seed?: boolean
  /** The bare route answers without credentials, so it is not checked for a 401. */
  open?: boolean
  /** What one request costs, in words, for the table. */
  what: string
  /** The framework the row runs on; ratios divide by the bare and floor rows of the same framework. Default Express 5. */
  framework?: string
  /** This framework's bare route or floor (the bases of its ratios). */
  base?: 'bare' | 'floor'
}

/** The framework of a row. */
export const frameworkOf = (row: Row): string => row.framework ?? 'Express 5'

const t = (name: string) => join(ROOT, 'bench', 'http', 'targets', `${name}.ts`)
const EXPRESS_ADAPTER = 'src/adapters/express/index.ts'

const NODE_ADAPTER = 'src/adapters/node/index.ts'

/** Where a row's server comes from: its id, target module and export. */
interface Place {
  id: string
  module: string
  entry?: string
}

/** A framework's three places in one target module exporting `bare`, `floor` and `auth`. */
function oneModule(id: string, authModule = id): [Place, Place, Place] {
  return [
    { id: `${id}-bare`, module: t(id), entry: 'bare' },
    { id: `${id}-floor`, module: t(id), entry: 'floor' },
    { id: `${id}-jwts`, module: t(authModule), entry: 'auth' },
  ]
}

/** A framework's three places in modules of their own: named by their ids, but for the auth row's. */
function modules(ids: [string, string, string], authModule: string): [Place, Place, Place] {
  const [bare, floor, auth] = ids
  return [
    { id: bare, module: t(bare) },
    { id: floor, module: t(floor) },
    { id: auth, module: t(authModule) },
  ]
}

/** A framework's bare route, floor and jwt-sessions auth (header mode), the bases of its ratios first. */
function frameworkRows(framework: string, adapter: string, [bare, floor, auth]: [Place, Place, Place]): Row[] {
  return [
    {
      ...bare,
      label: `bare ${framework} route`,
      requires: [],
      open: true,
      what: 'no authentication',
      framework,
      base: 'bare',
    },
    {
      ...floor,
      label: `${framework} floor: fast-jwt + 1 EVALSHA`,
      requires: [],
      what: 'HS256 verify, EVALSHA (HGET)',
      framework,
      base: 'floor',
    },
    {
      ...auth,
      label: `${framework} jwt-sessions auth (header)`,
      requires: ['src/index.ts', adapter],
      what: 'verify: 1 EVALSHA, no write on most requests',
      framework,
    },
  ]
}

/** Another jwt-sessions row on Express 5, from `targets/<file>.ts`. */
const expressRow = (id: string, label: string, file: string, what: string): Row => ({
  id,
  label,
  module: t(file),
  requires: ['src/index.ts', EXPRESS_ADAPTER],
  what,
})
const CACHED = 'verify from memory; Redis pushes invalidations'

/**
 * Rows in their reference order; rounds rotate it. Each framework has a bare route and a floor
 * (`base`), and its jwt-sessions rows are divided by those two: later adapters append theirs.
 */
export const ROWS: Row[] = [
  ...frameworkRows('Express 5', EXPRESS_ADAPTER, modules(['bare', 'floor', 'jwts-header'], 'jwt-sessions-header')),
  expressRow('jwts-cookie', 'jwt-sessions auth (cookie)', 'jwt-sessions-cookie', 'same, token from a cookie'),
  {
    id: 'express-session',
    label: 'express-session + connect-redis',
    module: t('express-session'),
    requires: [],
    what: 'GET + EXPIRE (touch)',
  },
  {
    id: 'seed-000',
    label: 'jwt-redis-sessions 3.0.1 (seed 000)',
    module: t('seed-000'),
    requires: [],
    seed: true,
    what: 'EXISTS, GET, EVAL (full script)',
  },
  {
    id: 'seed-001',
    label: 'redis-jwt 1.4.0 (seed 001)',
    module: t('seed-001'),
    requires: [],
    seed: true,
    what: 'EXISTS, TTL',
  },
  {
    id: 'seed-002',
    label: 'jwt-redis-session 1.0.5 (seed 002)',
    module: t('seed-002'),
    requires: [],
    seed: true,
    what: 'GET, EXPIRE (not awaited)',
  },
  ...frameworkRows('node:http', NODE_ADAPTER, modules(['node-bare', 'node-floor', 'node-jwts'], 'node-jwt-sessions')),
  expressRow('jwts-cache', 'jwt-sessions auth, localCache on', 'jwt-sessions-cache', CACHED),
  {
    id: 'node-jwts-cache',
    label: 'node:http jwt-sessions auth, localCache on',
    module: t('node-jwt-sessions-cache'),
    requires: ['src/index.ts', NODE_ADAPTER],
    what: CACHED,
    framework: 'node:http',
  },
  ...frameworkRows('Fastify 5', 'src/adapters/fastify/index.ts', oneModule('fastify')),
  ...frameworkRows('Koa 3', 'src/adapters/koa/index.ts', oneModule('koa', 'koa-auth')),
  ...frameworkRows('Hono 4', 'src/adapters/hono/index.ts', oneModule('hono', 'hono-auth')),
]

/** Why a row cannot run here, or undefined when it can. */
export function missing(row: Row): string | undefined {
  const absent = [row.module, ...row.requires.map((r) => join(ROOT, r))].filter((f) => !existsSync(f))
  return absent.length ? `missing ${absent.map((f) => f.slice(ROOT.length + 1)).join(', ')}` : undefined
}
