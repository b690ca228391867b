/**
 * `vitest-amigo simulator`: starts the local Amigo simulator, prints its URL and the `export AMIGO_...`
 * lines to paste into a shell (the simulator's own local credentials), and runs until SIGINT/SIGTERM.
 */
import { parseArgs } from 'node:util'
import { startSimulator } from '../../simulator/index.js'
import { type CliCommand, CliUsageError } from '../command.js'

const USAGE = `Usage: vitest-amigo simulator [options]

Starts a local Amigo metric API over the bundled fixture conversations and metrics.

Options:
  --port <n>                  Port to listen on (default: 0, a free port)
  --organization <name>       Organization to serve (default: amigo-simulator)
  --judge-latency-ms <n>      Milliseconds each evaluate answer takes (default: 0)
  --rate-limit-window-ms <n>  Length of a rate-limit window in milliseconds (default: 60000)
  -h, --help                  Show this help`

function integerOption(
  name: string,
  value: string | undefined,
  min: number,
  max: number,
): number | undefined {
  if (value === undefined) return undefined
  const parsed = Number(value)
  if (!/^\d+$/.test(value) || parsed < min || parsed > max) {
    throw new CliUsageError(`--${name} must be an integer from ${min} to ${max}, got "${value}".`)
  }
  return parsed
}

/** `value` quoted for a POSIX shell when it holds anything but safe characters. */
function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`
}

function parse(args: readonly string[]) {
  try {
    return parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        organization: { type: 'string' },
        'judge-latency-ms': { type: 'string' },
        'rate-limit-window-ms': { type: 'string' },
      },
    }).values
  } catch (error) {
    throw new CliUsageError((error as Error).message)
  }
}

/** Resolves with the name of the first SIGINT or SIGTERM the process receives. */
function untilStopSignal(): Promise<NodeJS.Signals> {
  const signals = ['SIGINT', 'SIGTERM'] as const
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      for (const s of signals) process.off(s, stop)
      resolve(signal)
    }
    for (const s of signals) process.on(s, stop)
  })
}

export const simulatorCommand: CliCommand = {
  name: 'simulator',
  usage: USAGE,
  async run(args, io) {
    const values = parse(args)
    const simulator = await startSimulator({
      port: integerOption('port', values.port, 0, 65_535),
      organization: values.organization,
      judgeLatencyMs: integerOption('judge-latency-ms', values['judge-latency-ms'], 0, 600_000),
      rateLimitWindowMs: integerOption('rate-limit-window-ms', values['rate-limit-window-ms'], 1, 86_400_000),
    })
    io.stdout.write(
      [
        `Amigo simulator listening on ${simulator.url} (organization ${simulator.organization})`,
        'Point vitest-amigo at it by pasting these lines into your shell:',
        ...Object.entries(simulator.env).map(([name, value]) => `export ${name}=${shellQuote(value)}`),
        'Press Ctrl+C to stop.',
        '',
      ].join('\n'),
    )
    const signal = await untilStopSignal()
    await simulator.close()
    io.stdout.write(`Simulator stopped (${signal}).\n`)
    return 0
  },
}
