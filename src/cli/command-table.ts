/**
 * The CLI's commands, loaded on demand so that `vitest-amigo simulator` does not load what `demo` needs.
 * To add a command: a module under `commands/` that exports a {@link CliCommand}, and a line here.
 */
import type { CliCommand } from './command.js'

export interface CommandEntry {
  readonly name: string
  /** One line for `vitest-amigo --help`. */
  readonly summary: string
  readonly load: () => Promise<CliCommand>
}

export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'simulator',
    summary: 'Start the local Amigo simulator and print the environment to point a client at it.',
    load: async () => (await import('./commands/simulator.js')).simulatorCommand,
  },
  {
    name: 'metrics',
    summary: 'List, search, get, create, update or delete metrics.',
    load: async () => (await import('./commands/metrics.js')).metricsCommand,
  },
  {
    name: 'evaluate',
    summary: 'Judge one conversation against metrics (through the cache), printed as the reporter does.',
    load: async () => (await import('./commands/evaluate.js')).evaluateCommand,
  },
]
