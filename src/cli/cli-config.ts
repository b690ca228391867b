/**
 * What the `metrics` and `evaluate` commands share: the client flags (the same configuration as the
 * plugin's `client` option, with the `AMIGO_*` environment variables behind them), `--json`, argument
 * parsing with `node:util` `parseArgs`, and the exit codes.
 *
 * Credentials are read from the environment only (`AMIGO_API_KEY`, `AMIGO_API_KEY_ID`, `AMIGO_USER_ID`):
 * a secret on a command line ends up in shell histories and process lists.
 */
import { type ParseArgsConfig, parseArgs } from 'node:util'
import type { AmigoClientOptions } from '../client/config.js'
import { CliUsageError } from './command.js'

/** Exit codes of the commands, for scripts. */
export const EXIT_CODES = {
  /** Done; for `evaluate`, every metric was judged and every criterion given held. */
  ok: 0,
  /** The API call failed, or (`evaluate`) a criterion did not hold or a metric got no verdict. */
  failed: 1,
  /** Bad flags or arguments, or missing/invalid configuration: nothing was sent. */
  usage: 2,
} as const

/** The flags every API command takes, as `parseArgs` options. */
export const CLIENT_FLAGS = {
  'base-url': { type: 'string' },
  organization: { type: 'string' },
  'timeout-ms': { type: 'string' },
  'max-retries': { type: 'string' },
  'mongo-cluster-name': { type: 'string' },
  json: { type: 'boolean' },
} as const satisfies NonNullable<ParseArgsConfig['options']>

/** Help text of {@link CLIENT_FLAGS}, shared by every API command's usage. */
export const CLIENT_FLAGS_USAGE = `Connection (each flag overrides its environment variable):
  --base-url <url>            API origin (AMIGO_BASE_URL, default https://api.amigo.ai)
  --organization <id>         Organization (AMIGO_ORGANIZATION_ID)
  --timeout-ms <n>            Time allowed per attempt in milliseconds (default 120000)
  --max-retries <n>           Retries after the first attempt (default 2)
  --mongo-cluster-name <name> Sent as x-mongo-cluster-name
  Credentials come from AMIGO_API_KEY, AMIGO_API_KEY_ID and AMIGO_USER_ID only.

Output:
  --json                      Print machine-readable JSON on stdout
  -h, --help                  Show this help

Exit codes: 0 ok, 1 failed (API error, or a verdict that did not hold), 2 usage or configuration error.`

type ParsedFlags<O extends NonNullable<ParseArgsConfig['options']>> = ReturnType<
  typeof parseArgs<{ options: O; allowPositionals: true; strict: true }>
>

/** Parses `args` strictly; any parsing problem becomes a {@link CliUsageError} (exit code 2). */
export function parseFlags<O extends NonNullable<ParseArgsConfig['options']>>(
  args: readonly string[],
  options: O,
): ParsedFlags<O> {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true, strict: true })
  } catch (error) {
    throw new CliUsageError((error as Error).message)
  }
}

/** A flag that must be a whole number from `min` up, or `undefined` when not given. */
export function wholeNumberFlag(name: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) return undefined
  const parsed = Number(value)
  if (/^\d+$/.test(value) && parsed >= min) return parsed
  throw new CliUsageError(`--${name} must be a whole number >= ${min}, got "${value}".`)
}

/** A flag that must be a finite number, or `undefined` when not given. */
export function numberFlag(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  const parsed = Number(value)
  if (value.trim() !== '' && Number.isFinite(parsed)) return parsed
  throw new CliUsageError(`--${name} must be a number, got "${value}".`)
}

/** The client options the flags give; unset ones fall back to the environment in the client. */
export function clientOptionsFrom(values: {
  'base-url'?: string | undefined
  organization?: string | undefined
  'timeout-ms'?: string | undefined
  'max-retries'?: string | undefined
  'mongo-cluster-name'?: string | undefined
}): AmigoClientOptions {
  return {
    baseUrl: values['base-url'],
    organization: values.organization,
    timeoutMs: wholeNumberFlag('timeout-ms', values['timeout-ms'], 1),
    maxRetries: wholeNumberFlag('max-retries', values['max-retries'], 0),
    mongoClusterName: values['mongo-cluster-name'],
  }
}

/** Exactly `count` positional arguments, named in the message when they are not. */
export function positionals(values: readonly string[], names: readonly string[]): string[] {
  if (values.length !== names.length) {
    const wanted = names.map((name) => `<${name}>`).join(' ')
    throw new CliUsageError(`expected ${wanted}, got ${values.length === 0 ? 'nothing' : values.join(' ')}.`)
  }
  return [...values]
}
