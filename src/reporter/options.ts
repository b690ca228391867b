/**
 * The reporter's options, their defaults, and their validation (a clear error naming the bad value).
 */
import { showValue } from '../internal/show-value.js'

/** Bounds a metric's figures must meet at the end of the run. Every bound is optional. */
export interface GateOptions {
  /**
   * Minimum share of the metric's judged assertions that passed, from 0 to 1 (`0.8` = 80 %).
   * @default undefined (no bound)
   */
  readonly minPassRate?: number | undefined
  /**
   * Minimum mean of the judged values, in the metric's own units. Numerical metrics only; for `'*'`
   * it applies to every numerical metric and is ignored for the others.
   * @default undefined (no bound)
   */
  readonly minMean?: number | undefined
  /**
   * Largest allowed drop of the pass rate against the baseline report, from 0 to 1
   * (`0.1` = 10 percentage points). Needs the `baseline` option.
   * @default undefined (no bound)
   */
  readonly maxDrop?: number | undefined
  /**
   * Largest allowed drop of the mean against the baseline report, in the metric's own units.
   * Numerical metrics only. Needs the `baseline` option.
   * @default undefined (no bound)
   */
  readonly maxMeanDrop?: number | undefined
}

/** Options of `AmigoReporter` (also given through the plugin's `reporter` option). */
export interface AmigoReporterOptions {
  /**
   * Also print passed judged assertions (normally only failed tests show their assertions).
   * @default false
   */
  readonly verbose?: boolean | undefined
  /**
   * Where to write the JSON report (schema version 1, `jsonReportSchema` of `vitest-amigo/reporter`), relative to the Vitest
   * root. Not written when unset.
   * @default undefined
   */
  readonly outputFile?: string | undefined
  /**
   * Append a Markdown summary to the file named by `GITHUB_STEP_SUMMARY`.
   * @default true when `GITHUB_STEP_SUMMARY` is set, false otherwise
   */
  readonly githubSummary?: boolean | undefined
  /**
   * Gates checked at the end of the run, keyed by metric ID, metric name, or `'*'` (every metric, each
   * on its own figures). A failed gate fails the run (exit code 1).
   * @default {} (no gates)
   */
  readonly gates?: Readonly<Record<string, GateOptions>> | undefined
  /**
   * Path of a previous run's JSON report, relative to the Vitest root: the summary shows each metric's
   * change against it, and `maxDrop` / `maxMeanDrop` gates compare with it.
   * @default undefined
   */
  readonly baseline?: string | undefined
}

/** Options after validation and defaults. */
export interface ResolvedReporterOptions {
  readonly verbose: boolean
  readonly outputFile: string | undefined
  readonly githubSummary: boolean
  readonly gates: ReadonlyMap<string, GateOptions>
  readonly baseline: string | undefined
}

const OPTION_NAMES = new Set(['verbose', 'outputFile', 'githubSummary', 'gates', 'baseline'])
const GATE_BOUNDS = {
  minPassRate: 'a number from 0 to 1',
  minMean: 'a finite number',
  maxDrop: 'a number from 0 to 1',
  maxMeanDrop: 'a finite number >= 0',
} as const satisfies Record<keyof GateOptions, string>

/** Thrown for an invalid reporter option; the message names the option, the bad value, and what is allowed. */
export class ReporterOptionsError extends TypeError {
  override readonly name = 'ReporterOptionsError'
}

function fail(option: string, value: unknown, expected: string): never {
  throw new ReporterOptionsError(
    `vitest-amigo reporter: option ${option} is ${showValue(value)}; expected ${expected}`,
  )
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

function optionalBoolean(option: string, value: unknown): boolean | undefined {
  if (value === undefined || typeof value === 'boolean') return value
  return fail(option, value, 'true or false')
}

function optionalPath(option: string, value: unknown): string | undefined {
  if (value === undefined) return undefined
  if (typeof value === 'string' && value.trim() !== '') return value
  return fail(option, value, 'a non-empty file path')
}

function gateBoundIsValid(bound: keyof GateOptions, value: number): boolean {
  if (!Number.isFinite(value)) return false
  if (bound === 'minPassRate' || bound === 'maxDrop') return value >= 0 && value <= 1
  return bound === 'maxMeanDrop' ? value >= 0 : true
}

function resolveGate(key: string, value: unknown, hasBaseline: boolean): GateOptions {
  const option = `gates[${JSON.stringify(key)}]`
  if (!isRecord(value))
    return fail(option, value, 'an object with minPassRate, minMean, maxDrop or maxMeanDrop')
  const gate: Record<string, number> = {}
  for (const [bound, boundValue] of Object.entries(value)) {
    if (!(bound in GATE_BOUNDS)) {
      fail(`${option}.${bound}`, boundValue, `one of the bounds ${Object.keys(GATE_BOUNDS).join(', ')}`)
    }
    const name = bound as keyof GateOptions
    if (boundValue === undefined) continue
    if (typeof boundValue !== 'number' || !gateBoundIsValid(name, boundValue)) {
      fail(`${option}.${bound}`, boundValue, GATE_BOUNDS[name])
    }
    if ((name === 'maxDrop' || name === 'maxMeanDrop') && !hasBaseline) {
      fail(
        `${option}.${bound}`,
        boundValue,
        'the baseline option to be set as well (a drop is measured against it)',
      )
    }
    gate[name] = boundValue
  }
  return gate
}

/**
 * Validates the reporter's options and applies the defaults. `env` decides the `githubSummary` default.
 * @throws ReporterOptionsError naming the first bad option and its value.
 */
export function resolveReporterOptions(
  options: unknown = {},
  env: NodeJS.ProcessEnv = process.env,
): ResolvedReporterOptions {
  if (!isRecord(options)) return fail('object', options, 'an options object or nothing')
  for (const name of Object.keys(options)) {
    if (!OPTION_NAMES.has(name))
      fail(name, options[name], `no such option (known: ${[...OPTION_NAMES].join(', ')})`)
  }
  const baseline = optionalPath('baseline', options.baseline)
  const gatesOption = options.gates ?? {}
  if (!isRecord(gatesOption))
    return fail('gates', gatesOption, 'an object keyed by metric ID, metric name or "*"')
  const gates = new Map<string, GateOptions>()
  for (const [key, value] of Object.entries(gatesOption)) {
    if (key.trim() === '') fail('gates key', key, 'a metric ID, a metric name or "*"')
    gates.set(key, resolveGate(key, value, baseline !== undefined))
  }
  return {
    verbose: optionalBoolean('verbose', options.verbose) ?? false,
    outputFile: optionalPath('outputFile', options.outputFile),
    githubSummary:
      optionalBoolean('githubSummary', options.githubSummary) ?? Boolean(env.GITHUB_STEP_SUMMARY),
    gates,
    baseline,
  }
}
