/**
 * The bench's printed table: evaluate calls of the cold, re-record and warm runs against the lower bound
 * and against one call per assertion, cold wall times against the rate limit's floor, and the warm run's
 * wall time against plain Vitest (installed package; from sources for comparison) as the median of the
 * ratios of runs taken one after the other, with PASS/MISS next to each target. Pure: figures in, text out.
 */
import type { ProjectRun } from './run-vitest.js'
import type { SuiteCounts } from './synthetic-suite.js'

/** Largest warm/plain wall-time ratio that meets the target. */
export const WARM_OVER_PLAIN_TARGET = 1.2

/** What the simulator counted during one judged run. */
export interface JudgedRun {
  readonly run: ProjectRun
  /** Evaluate calls answered 200 (retries after a 429 not counted twice). */
  readonly evaluateCalls: number
  /** Evaluate requests answered 429. */
  readonly rateLimited: number
  /** Metric IDs carried by the answered evaluate calls, summed. */
  readonly metricsJudged: number
  /** Get-metrics requests (definition look-ups), any status. */
  readonly definitionLookups: number
  /** Sign-in requests, any status. */
  readonly signIns: number
}

export interface BenchSettings {
  readonly judgeLatencyMs: number
  readonly evaluateLimit: number
  readonly rateLimitWindowMs: number
  readonly maxWorkers: number
}

export interface BenchResult {
  readonly counts: SuiteCounts
  readonly settings: BenchSettings
  readonly cold: JudgedRun
  /** A cold run of the same suite with each describe block's metrics declared ahead (`prefetchMetrics`). */
  readonly declared: JudgedRun
  readonly rerecord: JudgedRun
  /** Warm runs, `vitest run` in a fresh process, the built package installed in `node_modules`, as users run it. */
  readonly warm: readonly JudgedRun[]
  /** Plain runs (a trivial async assertion per test), `vitest run` in a fresh process. */
  readonly plain: readonly ProjectRun[]
  /** Plain runs with a trivial synchronous assertion after an `await` per test: the stricter reference. */
  readonly plainSync: readonly ProjectRun[]
  /** Warm runs of the installed package in the bench's process (`startVitest`). */
  readonly warmInProcess: readonly JudgedRun[]
  /** Plain runs in the bench's process. */
  readonly plainInProcess: readonly ProjectRun[]
  /** Warm runs in the bench's process with the package's TypeScript sources (aliases). */
  readonly warmFromSource: readonly JudgedRun[]
  /** Wall time of the whole bench, in milliseconds. */
  readonly totalMs: number
}

/** Counts of several runs: `0 in each of 33 runs` when they are all the same, else each one, in order. */
export function countsText(values: readonly number[]): string {
  const [first] = values
  if (values.length > 1 && values.every((value) => value === first))
    return `${first} in each of ${values.length} runs`
  return values.join(', ')
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  if (sorted.length === 0) return Number.NaN
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2
}

/**
 * The median of the ratios of runs taken in pairs (`numerators[i]` right before or after
 * `denominators[i]`): each pair ran under the same load, so the machine's drift over the bench cancels out,
 * where a ratio of two medians would carry it.
 */
export function medianPairedRatio(
  numerators: readonly { wallMs: number }[],
  denominators: readonly { wallMs: number }[],
): number {
  return median(denominators.slice(0, numerators.length).map((run, i) => numerators[i]!.wallMs / run.wallMs))
}

/**
 * The least time the rate limit allows for `calls` evaluate calls, in milliseconds: every window but the
 * last one must end before the calls after it go out.
 */
export function rateLimitFloorMs(calls: number, settings: BenchSettings): number {
  return Math.max(0, Math.ceil(calls / settings.evaluateLimit) - 1) * settings.rateLimitWindowMs
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`
const verdict = (met: boolean): string => (met ? 'PASS' : 'MISS')

function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? []
  const line = (row: readonly string[]): string =>
    `| ${row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(' | ')} |`
  const [header, ...body] = rows
  if (header === undefined) return ''
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...body.map(line)].join('\n')
}

function serviceRow(name: string, judged: JudgedRun): string[] {
  const stats = judged.run.stats
  if (stats === undefined) return [name, 'n/a', '', '', '', '', '']
  return [
    name,
    String(stats.evaluateCalls),
    String(stats.batchedCalls),
    String(stats.cacheHits),
    String(stats.deduplicated),
    `${stats.definitionCalls} (simulator: ${judged.definitionLookups})`,
    seconds(stats.rateLimitWaitMs),
  ]
}

function testsLine(name: string, run: ProjectRun, tests: number): string {
  const note = run.failed + run.other > 0 ? `, ${run.failed} failed, ${run.other} not run` : ''
  return `${name}: ${run.passed}/${tests} passed${note} (exit code ${run.exitCode})`
}

/** The report: settings, the figures table, and the tests' outcomes per run. */
export function renderReport(result: BenchResult): string {
  const { counts, settings, cold, declared, rerecord, warm, plain, plainSync } = result
  const { warmInProcess, plainInProcess, warmFromSource } = result
  const lowerBound = counts.lowerBoundCalls
  const allWarm = [...warm, ...warmInProcess, ...warmFromSource]
  const wall = (runs: readonly { wallMs: number }[]): number => median(runs.map((r) => r.wallMs))
  const runsOf = (judged: readonly JudgedRun[]): ProjectRun[] => judged.map((r) => r.run)
  /** A warm/plain row: the median of paired ratios, the ratio of the medians beside it, and, if asked, the verdict. */
  const ratioRow = (
    name: string,
    numerators: readonly ProjectRun[],
    denominators: readonly ProjectRun[],
    note: string,
    hasTarget = false,
  ): string[] => {
    const ratio = medianPairedRatio(numerators, denominators)
    return [
      name,
      `${ratio.toFixed(2)}x`,
      `${note}; median of ${Math.min(numerators.length, denominators.length)} paired ratios (ratio of the medians: ${(wall(numerators) / wall(denominators)).toFixed(2)}x)`,
      hasTarget ? `<= ${WARM_OVER_PLAIN_TARGET}x: ${verdict(ratio <= WARM_OVER_PLAIN_TARGET)}` : '',
    ]
  }
  const warmCalls = Math.max(...allWarm.map((r) => r.evaluateCalls))
  const coldWait = cold.run.stats?.rateLimitWaitMs
  const perCall = (r: JudgedRun): string =>
    r.evaluateCalls === 0 ? '' : `, ${(r.metricsJudged / r.evaluateCalls).toFixed(1)} metrics/call`
  const floor = (r: JudgedRun): string =>
    `rate-limit floor ${seconds(rateLimitFloorMs(r.evaluateCalls, settings))} ` +
    `((ceil(${r.evaluateCalls}/${settings.evaluateLimit}) - 1) x ${seconds(settings.rateLimitWindowMs)})`
  const wallRow = (name: string, runs: readonly { wallMs: number }[]): string[] => [
    `${name} (median of ${runs.length})`,
    seconds(median(runs.map((r) => r.wallMs))),
    `runs: ${runs.map((r) => seconds(r.wallMs)).join(', ')}`,
    '',
  ]
  const rows = [
    ['Figure', 'Measured', 'Compared with', 'Target'],
    [
      'Cold run (auto, empty cache): evaluate calls',
      `${cold.evaluateCalls}${perCall(cold)}`,
      `lower bound ${lowerBound}, one per assertion ${counts.callPerAssertion}`,
      `${(cold.evaluateCalls / lowerBound).toFixed(1)}x lower bound`,
    ],
    ['Cold run: wall time', seconds(cold.run.wallMs), floor(cold), ''],
    [
      'Cold run: rate-limit waiting, summed over waiting requests',
      coldWait === undefined ? 'n/a' : seconds(coldWait),
      `${cold.rateLimited} evaluate requests answered 429`,
      cold.run.failed === 0 ? 'no failure: PASS' : 'tests failed: MISS',
    ],
    [
      'Cold run, metrics declared ahead (prefetchMetrics): evaluate calls',
      `${declared.evaluateCalls}${perCall(declared)}`,
      `lower bound ${lowerBound}`,
      `${(declared.evaluateCalls / lowerBound).toFixed(1)}x lower bound`,
    ],
    ['Cold run, declared ahead: wall time', seconds(declared.run.wallMs), floor(declared), ''],
    [
      'Re-record (record, remembered sets): evaluate calls',
      `${rerecord.evaluateCalls}${perCall(rerecord)}`,
      `lower bound ${lowerBound}`,
      `= ${lowerBound}: ${verdict(rerecord.evaluateCalls === lowerBound)}`,
    ],
    [
      `Warm runs (auto, full cache) x${allWarm.length}: evaluate calls`,
      countsText(allWarm.map((r) => r.evaluateCalls)),
      '',
      `0: ${verdict(warmCalls === 0)}`,
    ],
    [
      'Warm run: other API requests',
      `get-metrics: ${countsText(warm.map((r) => r.definitionLookups))}; sign-in: ${countsText(warm.map((r) => r.signIns))}`,
      '',
      '',
    ],
    wallRow('Warm `vitest run`, installed package: wall time', runsOf(warm)),
    wallRow('Plain `vitest run`, trivial async assertions: wall time', plain),
    ratioRow(
      'Warm / plain, `vitest run` with the installed package (as users run it)',
      runsOf(warm),
      plain,
      'plain: `await expect(Promise.resolve(1)).resolves.toBe(1)` per test',
      true,
    ),
    wallRow('Plain `vitest run`, sync assertion after an await: wall time', plainSync),
    ratioRow(
      'Warm / plain-sync, `vitest run` (stricter reference)',
      runsOf(warm),
      plainSync,
      'plain-sync: `await Promise.resolve(); expect(1).toBe(1)` per test',
    ),
    wallRow('In-process warm run, installed package: wall time', runsOf(warmInProcess)),
    wallRow('In-process plain run: wall time', plainInProcess),
    ratioRow(
      'Warm / plain in process, installed package',
      runsOf(warmInProcess),
      plainInProcess,
      'main process already warm (modules loaded, code compiled)',
    ),
    wallRow('In-process warm run, from TypeScript sources: wall time', runsOf(warmFromSource)),
    ratioRow(
      'Warm / plain in process, from TypeScript sources',
      runsOf(warmFromSource),
      plainInProcess,
      'sources through aliases',
    ),
  ]
  const tests = counts.tests
  return [
    `Synthetic suite: ${counts.tests} tests (one assertion each) in ${counts.files} files, ` +
      `${counts.pairs} conversation+interaction pairs, maxWorkers ${settings.maxWorkers}.`,
    `Simulator: judge latency ${settings.judgeLatencyMs} ms, evaluate limit ${settings.evaluateLimit} per ` +
      `${settings.rateLimitWindowMs} ms window.`,
    '',
    table(rows),
    '',
    "The evaluation service's own figures (ServiceStats):",
    table([
      [
        'Run',
        'evaluate calls',
        'batched calls',
        'cache hits',
        'deduplicated',
        'definition look-ups',
        'rate-limit wait',
      ],
      serviceRow('Cold', cold),
      serviceRow('Cold, declared ahead', declared),
      serviceRow('Re-record', rerecord),
      ...warmInProcess.map((r, i) => serviceRow(`Warm ${i + 1}, in process`, r)),
      ...warmFromSource.map((r, i) => serviceRow(`Warm ${i + 1}, from sources`, r)),
    ]),
    '',
    testsLine('Cold run', cold.run, tests),
    testsLine('Cold run, declared ahead', declared.run, tests),
    testsLine('Re-record', rerecord.run, tests),
    ...warm.map((r, i) => testsLine(`Warm run ${i + 1}`, r.run, tests)),
    ...plain.map((r, i) => testsLine(`Plain run ${i + 1}`, r, tests)),
    ...plainSync.map((r, i) => testsLine(`Plain-sync run ${i + 1}`, r, tests)),
    ...warmInProcess.map((r, i) => testsLine(`Warm run ${i + 1}, in process`, r.run, tests)),
    ...plainInProcess.map((r, i) => testsLine(`Plain run ${i + 1}, in process`, r, tests)),
    ...warmFromSource.map((r, i) => testsLine(`Warm run ${i + 1}, from sources`, r.run, tests)),
    '',
    `Bench total: ${seconds(result.totalMs)}`,
  ].join('\n')
}
