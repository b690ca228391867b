/**
 * How the API commands end on an error: one line on stderr (and, with `--json`, an `{ "error": ... }`
 * object on stdout), and the exit code that tells scripts what kind of failure it was. Messages come from
 * the client's errors, which never carry secrets.
 */
import { ConfigurationError, InvalidInputError } from '../client/errors.js'
import { AmigoUsageError } from '../matchers/errors.js'
import { EXIT_CODES } from './cli-config.js'
import { type CliIo, CliUsageError } from './command.js'

/** Whether nothing was sent because the input or the configuration was wrong. */
function isUsageProblem(error: unknown): boolean {
  return (
    error instanceof ConfigurationError ||
    error instanceof InvalidInputError ||
    error instanceof AmigoUsageError
  )
}

/** The error as JSON for `--json` output: name, code and message only. */
function errorJson(error: unknown): { name: string; code: string; message: string } {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code
    return { name: error.name, code: typeof code === 'string' ? code : 'AMIGO_ERROR', message: error.message }
  }
  return { name: 'Error', code: 'AMIGO_ERROR', message: String(error) }
}

/**
 * Reports `error` for command `command` and returns its exit code. A {@link CliUsageError} is rethrown so
 * the dispatcher prints the usage with it.
 */
export function reportFailure(error: unknown, command: string, io: CliIo, json: boolean): number {
  if (error instanceof CliUsageError) throw error
  const { message } = errorJson(error)
  io.stderr.write(`vitest-amigo ${command}: ${message}\n`)
  if (json) io.stdout.write(`${JSON.stringify({ error: errorJson(error) }, null, 2)}\n`)
  return isUsageProblem(error) ? EXIT_CODES.usage : EXIT_CODES.failed
}
