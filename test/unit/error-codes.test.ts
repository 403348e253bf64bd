/**
 * One source for the error codes: the classes. The README's and docs/errors.md's tables, the public
 * exports, the HTTP layer's answers and the compat mapping must agree with them; this fails the
 * moment a class, a code or a status changes in one place only.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { toCompatError } from '../../src/compat/jwt-redis-sessions/errors.js'
import { ERROR_CLASSES, JwtSessionsError, STATUS_BY_CODE } from '../../src/errors/index.js'
import { errorResponse } from '../../src/http/respond.js'
import * as api from '../../src/index.js'

const root = join(import.meta.dirname, '../..')
type Row = { cls: string; code: string; status: number }

/** Rows of a markdown table whose cells hold `` `SomethingError` ``, `` `CODE` `` and a status. */
function tableRows(file: string): Row[] {
  const rows: Row[] = []
  for (const line of readFileSync(join(root, file), 'utf8').split('\n')) {
    const cls = /`([A-Za-z]+Error)`/.exec(line)?.[1]
    const code = /`([A-Z][A-Z_]+)`/.exec(line)?.[1]
    const status = /\|\s*(\d{3})\b/.exec(line)?.[1]
    if (line.startsWith('|') && cls && code && status) rows.push({ cls, code, status: Number(status) })
  }
  return rows
}

const fromClasses: Row[] = ERROR_CLASSES.map((C) => ({ cls: C.name, code: C.code, status: C.status }))
const instance = (C: (typeof ERROR_CLASSES)[number]): JwtSessionsError =>
  new (C as unknown as new (a: unknown, b: unknown) => JwtSessionsError)('x', 'y')

describe('error codes: classes are the one source', () => {
  it("README's error table lists exactly the classes, codes and statuses", () => {
    expect(tableRows('README.md')).toEqual(fromClasses)
  })

  it("docs/errors.md's table lists exactly the classes, codes and statuses", () => {
    expect(tableRows('docs/errors.md').map(({ cls, code, status }) => ({ cls, code, status }))).toEqual(fromClasses)
  })

  it('every exported error class is in ERROR_CLASSES, and instances carry the static code and status', () => {
    const exported = Object.values(api).filter(
      (v) => typeof v === 'function' && v.prototype instanceof JwtSessionsError,
    )
    expect(new Set(exported)).toEqual(new Set(ERROR_CLASSES))
    for (const C of ERROR_CLASSES) {
      const e = instance(C)
      expect([e.code, e.status, e.name]).toEqual([C.code, C.status, C.name])
      expect(STATUS_BY_CODE[C.code]).toBe(C.status)
    }
  })

  it('errorResponse answers every code with its class status (CONFIG_INVALID as a 500 without detail)', () => {
    for (const C of ERROR_CLASSES) {
      const r = errorResponse(instance(C))
      if (C.code === 'CONFIG_INVALID') expect(r.body.error.code).toBe('INTERNAL')
      else expect([r.status, r.body.error.code]).toEqual([C.status, C.code])
    }
  })

  it('the jwt-redis-sessions compat layer maps every code (never a generic 500)', () => {
    for (const C of ERROR_CLASSES) {
      const e = toCompatError(instance(C)) as Error & { reason?: string; statusCode?: number }
      expect(e.reason, C.code).toBe(C.code)
      expect(e.statusCode).toBeLessThan(C.code === 'STORE_UNAVAILABLE' ? 504 : 500)
    }
  })
})
