/**
 * The shape of a CLI command, and the streams it writes to.
 */

/** Where a command writes; the real process streams by default, buffers in tests. */
export interface CliIo {
  readonly stdout: NodeJS.WritableStream
  readonly stderr: NodeJS.WritableStream
}

export interface CliCommand {
  /** What follows `vitest-amigo` on the command line. */
  readonly name: string
  /** Full usage text for `vitest-amigo <name> --help`. */
  readonly usage: string
  /** Runs the command with the arguments after its name; resolves to the exit code. */
  run(args: readonly string[], io: CliIo): Promise<number>
}

/** A usage error: the CLI prints its message and the command's usage, and exits with code 2. */
export class CliUsageError extends Error {
  override readonly name = 'CliUsageError'
}
