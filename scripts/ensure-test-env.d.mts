// Types of scripts/ensure-test-env.mjs, for its unit test.
export interface Requirement {
  name: string
  kind: 'command' | 'file'
  package: string
}
export interface Machine {
  has(req: Requirement): boolean
  isRoot: boolean
  hasApt: boolean
  hasSudo: boolean
  noInstall: boolean
  chromium: string
}
export type Plan =
  | { action: 'ok'; packages: [] }
  | { action: 'install'; packages: string[]; commands: string[][] }
  | { action: 'stop'; packages: string[]; message: string }
export const REQUIREMENTS: Requirement[]
export function onPath(command: string, path?: string): boolean
export function probeMachine(env?: Record<string, string | undefined>): Machine
export function decide(machine: Machine): Plan
