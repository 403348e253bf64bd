// The subset of express-session the benchmark uses (the project does not install its @types).
declare module 'express-session' {
  import type { RequestHandler } from 'express'
  export interface SessionData {
    [key: string]: unknown
  }
  export class Store {}
  interface Options {
    store?: unknown
    secret: string
    resave?: boolean
    saveUninitialized?: boolean
    cookie?: Record<string, unknown>
  }
  function session(options: Options): RequestHandler
  export default session
}
