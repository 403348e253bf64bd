#!/usr/bin/env node
// First step of `npm test`: makes sure the machine has what the suites run against, so the README's
// one test command passes on a fresh Debian machine that has only Node.js.
//
// - `redis-server` and `redis-cli` (Debian `redis-server`, `redis-tools`): the tests start their own
//   Redis, Cluster and Sentinel processes (the test Redis itself is found by test/helpers/global-setup.ts).
// - Chromium at CHROMIUM_PATH or /usr/bin/chromium (Debian `chromium`): the browser tests.
//
// What is missing is installed with apt-get when this runs as root on a machine with apt-get (after
// `apt-get update`); otherwise the script stops at once, exit code 1, printing the exact command to run.
// `JWT_SESSIONS_NO_INSTALL=1` never installs (it only checks and prints the command).
import { spawnSync } from 'node:child_process'
import { accessSync, constants } from 'node:fs'
import { delimiter, join } from 'node:path'
import { pathToFileURL } from 'node:url'

/** What the suites need: how to find each, and the Debian package that provides it. */
export const REQUIREMENTS = [
  { name: 'redis-server', kind: 'command', package: 'redis-server' },
  { name: 'redis-cli', kind: 'command', package: 'redis-tools' },
  { name: 'chromium', kind: 'file', package: 'chromium' },
]

/** True when `file` exists and is executable. */
function executable(file) {
  try {
    accessSync(file, constants.X_OK)
    return true
  } catch {
    return false
  }
}

/** True when `command` is an executable on PATH (no shell involved). */
export function onPath(command, path = process.env.PATH ?? '') {
  return path
    .split(delimiter)
    .filter(Boolean)
    .some((dir) => executable(join(dir, command)))
}

/** The real machine, as the decision sees it. Tests inject their own. */
export function probeMachine(env = process.env) {
  const chromium = env.CHROMIUM_PATH || '/usr/bin/chromium'
  return {
    has: (req) => (req.kind === 'file' ? executable(chromium) : onPath(req.name, env.PATH)),
    isRoot: typeof process.getuid === 'function' && process.getuid() === 0,
    hasApt: onPath('apt-get', env.PATH),
    hasSudo: onPath('sudo', env.PATH),
    noInstall: env.JWT_SESSIONS_NO_INSTALL === '1',
    chromium,
  }
}

/**
 * Decides what to do. Returns `{ action: 'ok' }`, `{ action: 'install', packages, commands }` (run the
 * commands now) or `{ action: 'stop', packages, message }` (print the message, exit 1).
 */
export function decide(machine) {
  const missing = REQUIREMENTS.filter((r) => !machine.has(r))
  if (missing.length === 0) return { action: 'ok', packages: [] }
  const packages = missing.map((r) => r.package)
  const what = missing.map((r) => (r.kind === 'file' ? `Chromium at ${machine.chromium}` : r.name)).join(', ')
  const install = ['apt-get', 'install', '-y', '--no-install-recommends', ...packages]
  if (machine.hasApt && machine.isRoot && !machine.noInstall) {
    return { action: 'install', packages, commands: [['apt-get', 'update'], install] }
  }
  const sudo = machine.isRoot || !machine.hasSudo ? '' : 'sudo '
  const asRoot = !machine.isRoot && !machine.hasSudo ? ' (as root)' : ''
  const command = machine.hasApt
    ? `${sudo}apt-get update && ${sudo}${install.join(' ')}${asRoot}`
    : `install ${packages.join(', ')} with your package manager (Debian/Ubuntu: sudo apt-get update && sudo ${install.join(' ')}; macOS: brew install redis chromium)`
  const env = missing.some((r) => r.kind === 'file') ? ' (or set CHROMIUM_PATH to a Chromium binary)' : ''
  return {
    action: 'stop',
    packages,
    message: `npm test needs ${what}. Run:\n\n  ${command}\n\nthen npm test again${env}.`,
  }
}

function main() {
  const machine = probeMachine()
  const plan = decide(machine)
  if (plan.action === 'ok') return
  if (plan.action === 'stop') {
    console.error(`ensure-test-env: ${plan.message}`)
    process.exit(1)
  }
  console.log(`ensure-test-env: installing ${plan.packages.join(' ')} from Debian's packages`)
  for (const [cmd, ...args] of plan.commands) {
    const r = spawnSync(cmd, args, {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    })
    if (r.status !== 0) {
      console.error(`ensure-test-env: \`${[cmd, ...args].join(' ')}\` failed (exit ${r.status ?? r.signal})`)
      process.exit(1)
    }
  }
  const after = decide({ ...probeMachine(), noInstall: true })
  if (after.action !== 'ok') {
    console.error(`ensure-test-env: still missing after the install. ${after.message}`)
    process.exit(1)
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main()
