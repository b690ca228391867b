/**
 * The `vitest-amigo` dispatcher: `vitest-amigo <command> [options]`, `--help`.
 */
import { EXIT_CODES } from './cli-config.js'
import { type CliIo, CliUsageError } from './command.js'
import { COMMANDS } from './command-table.js'

function overview(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length))
  return [
    'Usage: vitest-amigo <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `vitest-amigo <command> --help` for the options of a command.',
    '',
  ].join('\n')
}

/** Runs the CLI with `args` (without node and the script); resolves to the exit code. */
export async function runCli(args: readonly string[], io: CliIo = process): Promise<number> {
  const [name, ...rest] = args
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(overview())
    return name === undefined ? EXIT_CODES.usage : EXIT_CODES.ok
  }
  const entry = COMMANDS.find((c) => c.name === name)
  if (entry === undefined) {
    io.stderr.write(`Unknown command "${name}".\n\n${overview()}`)
    return EXIT_CODES.usage
  }
  const command = await entry.load()
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(`${command.usage}\n`)
    return EXIT_CODES.ok
  }
  try {
    return await command.run(rest, io)
  } catch (error) {
    if (!(error instanceof CliUsageError)) throw error
    io.stderr.write(`${error.message}\n\n${command.usage}\n`)
    return EXIT_CODES.usage
  }
}
