import { spawnSync } from 'node:child_process'
import { chmodSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { decide, type Machine, probeMachine } from '../../scripts/ensure-test-env.mjs'

const script = join(import.meta.dirname, '../../scripts/ensure-test-env.mjs')
const dirs: string[] = []
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

/** A directory of fake executables, for PATH. */
function binDir(names: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'jwts-path-'))
  dirs.push(dir)
  for (const n of names) {
    writeFileSync(join(dir, n), '#!/bin/sh\nexit 0\n')
    chmodSync(join(dir, n), 0o755)
  }
  return dir
}

const machine = (over: Partial<Machine> & { missing?: string[] } = {}): Machine => ({
  has: (r) => !(over.missing ?? []).includes(r.name),
  isRoot: false,
  hasApt: true,
  hasSudo: true,
  noInstall: false,
  chromium: '/usr/bin/chromium',
  ...over,
})

describe('scripts/ensure-test-env.mjs: the decision', () => {
  it('does nothing when everything is there', () => {
    expect(decide(machine())).toEqual({ action: 'ok', packages: [] })
  })

  it('as root with apt-get: apt-get update first, then installs only what is missing', () => {
    expect(decide(machine({ isRoot: true, missing: ['chromium', 'redis-cli'] }))).toEqual({
      action: 'install',
      packages: ['redis-tools', 'chromium'],
      commands: [
        ['apt-get', 'update'],
        ['apt-get', 'install', '-y', '--no-install-recommends', 'redis-tools', 'chromium'],
      ],
    })
  })

  it('not root: stops with the exact sudo command', () => {
    const plan = decide(machine({ missing: ['redis-server', 'redis-cli'] }))
    expect(plan.action).toBe('stop')
    expect(plan.action === 'stop' && plan.message).toContain(
      'sudo apt-get update && sudo apt-get install -y --no-install-recommends redis-server redis-tools',
    )
  })

  it('not root and no sudo: the command is to be run as root', () => {
    const plan = decide(machine({ hasSudo: false, missing: ['chromium'] }))
    expect(plan.action === 'stop' && plan.message).toContain(
      '  apt-get update && apt-get install -y --no-install-recommends chromium (as root)',
    )
  })

  it('without apt-get, or with JWT_SESSIONS_NO_INSTALL=1: stops and names the packages', () => {
    const noApt = decide(machine({ isRoot: true, hasApt: false, missing: ['chromium'] }))
    expect(noApt).toMatchObject({ action: 'stop', packages: ['chromium'] })
    expect(noApt.action === 'stop' && noApt.message).toMatch(/Chromium at \/usr\/bin\/chromium.*CHROMIUM_PATH/s)
    const refused = decide(machine({ isRoot: true, noInstall: true, missing: ['redis-server'] }))
    expect(refused.action === 'stop' && refused.message).toContain('  apt-get update && apt-get install -y')
  })
})

describe('scripts/ensure-test-env.mjs: the probes', () => {
  it('finds commands on PATH and Chromium at CHROMIUM_PATH', () => {
    const full = binDir(['redis-server', 'redis-cli', 'apt-get', 'chromium'])
    const m = probeMachine({ PATH: full, CHROMIUM_PATH: join(full, 'chromium') })
    expect(decide({ ...m, isRoot: false })).toEqual({ action: 'ok', packages: [] })
    expect(m.hasApt).toBe(true)
    const empty = probeMachine({ PATH: binDir([]), CHROMIUM_PATH: '/nonexistent/chromium' })
    expect(decide({ ...empty, isRoot: false })).toMatchObject({
      action: 'stop',
      packages: ['redis-server', 'redis-tools', 'chromium'],
    })
  })

  it('run with a PATH that has only node: stops at once with exit 1 and the command, installs nothing', () => {
    const dir = binDir([])
    symlinkSync(process.execPath, join(dir, 'node'))
    const r = spawnSync(join(dir, 'node'), [script], {
      encoding: 'utf8',
      env: { PATH: dir, CHROMIUM_PATH: '/nonexistent/chromium' },
      timeout: 10_000,
    })
    expect(r.status).toBe(1)
    expect(r.stdout).toBe('')
    expect(r.stderr).toContain('npm test needs redis-server, redis-cli, Chromium at /nonexistent/chromium')
    expect(r.stderr).toContain('redis-server redis-tools chromium')
  })

  it('passes on this machine (the suites below need what it checks)', () => {
    const r = spawnSync(process.execPath, [script], {
      encoding: 'utf8',
      env: { ...process.env, JWT_SESSIONS_NO_INSTALL: '1' },
    })
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
  })
})
