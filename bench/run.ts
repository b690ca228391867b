/**
 * `npm run bench`: the synthetic suite judged against the local simulator, side by side with plain Vitest.
 * The judged projects use the package as users do: built, installed in `node_modules` of a project outside
 * the repo, `vitest-amigo/plugin` imported by the config (see installed-package.ts).
 *
 * 1. cold run (mode `auto`, empty cache): evaluate calls and wall time; also, for comparison, a cold run of
 *    the same suite whose describe blocks declare their metrics ahead (`prefetchMetrics` in `beforeAll`);
 * 2. re-record (mode `record`, the cache of run 1, so remembered metric sets are prefetched): evaluate calls;
 * 3. warm runs (mode `auto`, full cache): evaluate calls and wall time, each `vitest run` in a fresh
 *    process as users run it,
 * 4. interleaved with plain Vitest runs of the same layout with trivial async assertions
 *    (`await expect(promise).resolves.toBe(1)`): wall time; and, as a stricter reference, plain runs whose
 *    trivial assertion is synchronous after an `await` (Vitest has no promise of the assertion to track);
 *    and, for comparison, the pair run in this process (`startVitest`: the main process's modules stay
 *    loaded and compiled from run to run), and warm runs of the package's TypeScript sources (aliases).
 *
 * The cold, re-record and in-process runs happen in this process, which reads the service's figures.
 *
 * It measures and prints; it asserts nothing about timing. The exit code is 0 unless the bench itself
 * breaks. The simulator's credentials reach the plugin through the environment only, never printed.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import type { CacheMode } from '../src/cache/types.js'
import { type Simulator, startSimulator } from '../src/simulator/index.js'
import { installBuiltPackage } from './installed-package.js'
import { type BenchSettings, type JudgedRun, renderReport } from './report.js'
import { type ProjectRun, runProjectInProcess, runVitestCli } from './run-vitest.js'
import {
  countSuite,
  DEFAULT_SUITE_SHAPE,
  designSuite,
  relativeSourceSpecifier,
  writeJudgedProject,
  writePlainProject,
  writeSimulatorFixtures,
} from './synthetic-suite.js'

const PLUGIN_SOURCE = fileURLToPath(new URL('../src/plugin/index.ts', import.meta.url))

/** The generated projects, under a fresh directory outside the repo (removed at the end). */
function projectPaths(workDir: string) {
  return {
    fixtures: join(workDir, 'amigo-fixtures'),
    /** Judged with the installed (built) package, as users run it. */
    judged: join(workDir, 'judged'),
    /** The same, each describe block declaring its metrics ahead. */
    declared: join(workDir, 'declared'),
    /** Judged with the package's TypeScript sources (aliases), for comparison. */
    fromSource: join(workDir, 'judged-from-source'),
    /** Trivial async assertions, as the matchers are. */
    plain: join(workDir, 'plain'),
    /** Trivial synchronous assertions after an `await`: the stricter reference. */
    plainSync: join(workDir, 'plain-sync'),
    cache: join(workDir, 'cache'),
    /** The declared-ahead run's own cache, so that it starts cold too. */
    declaredCache: join(workDir, 'declared-cache'),
  }
}

/** A bad setting of the bench, said in one line (no stack). */
class BenchInputError extends Error {}

/** How many warm and plain runs alternate by default: medians are reported, and the median of the paired ratios. */
const DEFAULT_WARM_PAIRS = 11

/**
 * The number of warm/plain pairs: `BENCH_PAIRS` from the environment (a whole number from 1), for a
 * tighter figure at the cost of time; {@link DEFAULT_WARM_PAIRS} when unset.
 */
function warmPairs(value: string | undefined = process.env.BENCH_PAIRS): number {
  if (value === undefined || value.trim() === '') return DEFAULT_WARM_PAIRS
  const pairs = Number(value)
  if (!Number.isSafeInteger(pairs) || pairs < 1) {
    throw new BenchInputError(
      `BENCH_PAIRS=${JSON.stringify(value)}: expected a whole number of warm/plain pairs from 1, e.g. 31`,
    )
  }
  return pairs
}

/** Amigo's evaluate limit of 20 per minute, with the minute scaled down to 2 s (a whole number of seconds, as `X-RateLimit-Reset` is). */
const SETTINGS: BenchSettings = {
  judgeLatencyMs: 150,
  evaluateLimit: 20,
  rateLimitWindowMs: 2000,
  maxWorkers: DEFAULT_SUITE_SHAPE.maxWorkers,
}

function log(message: string): void {
  process.stderr.write(`bench: ${message}\n`)
}

/** One run of a judged project in `mode` with `cacheDir`, counted from the simulator's counters. */
async function judgedRun(
  simulator: Simulator,
  mode: CacheMode,
  project: string,
  cacheDir: string,
  how: 'cli' | 'in-process' | 'in-process, from source' = 'in-process',
): Promise<JudgedRun> {
  process.env.AMIGO_EVAL_MODE = mode
  process.env.AMIGO_CACHE_DIR = cacheDir
  simulator.counters.reset()
  const run =
    how === 'cli'
      ? await runVitestCli(project)
      : await runProjectInProcess(project, how === 'in-process' ? 'installed' : 'source')
  checkRan(`${basename(project)} (${mode}, ${how})`, run)
  const bodies = simulator.counters.evaluateBodies
  return {
    run,
    evaluateCalls: bodies.length,
    rateLimited: simulator.counters.total('metrics.evaluate', 429),
    metricsJudged: bodies.reduce((sum, body) => sum + body.metric_ids.length, 0),
    definitionLookups: simulator.counters.total('metrics.get'),
    signIns: simulator.counters.total('signin'),
  }
}

/** A run that collected no test at all is a broken bench (config or plugin load error): stop with its output. */
function checkRan(name: string, run: ProjectRun): void {
  const total = run.passed + run.failed + run.other
  if (total === 0)
    throw new Error(`the ${name} run collected no tests; its output ended with:\n${run.outputTail}`)
  log(`${name}: ${run.passed}/${total} passed in ${(run.wallMs / 1000).toFixed(2)} s`)
  if (run.failed > 0) log(`${name}: failures; the run's output ended with:\n${run.outputTail}`)
}

async function plainRun(project: string, how: 'cli' | 'in-process'): Promise<ProjectRun> {
  const run = how === 'cli' ? await runVitestCli(project) : await runProjectInProcess(project)
  checkRan(`${basename(project)} (${how})`, run)
  return run
}

async function main(): Promise<void> {
  const pairs = warmPairs()
  const started = performance.now()
  const workDir = mkdtempSync(join(tmpdir(), 'vitest-amigo-bench-'))
  const paths = projectPaths(workDir)
  try {
    const suite = designSuite()
    const counts = countSuite(suite)
    log(`building the package and installing it under ${workDir}`)
    await installBuiltPackage(workDir)
    writeSimulatorFixtures(suite, paths.fixtures)
    writeJudgedProject(suite, paths.judged, 'vitest-amigo/plugin')
    writeJudgedProject(suite, paths.declared, 'vitest-amigo/plugin', { declareAhead: true })
    writeJudgedProject(suite, paths.fromSource, relativeSourceSpecifier(paths.fromSource, PLUGIN_SOURCE))
    writePlainProject(suite, paths.plain, 'async')
    writePlainProject(suite, paths.plainSync, 'sync')
    log(`generated ${counts.tests} tests in ${counts.files} files per project`)

    const simulator = await startSimulator({
      fixturesDir: paths.fixtures,
      judgeLatencyMs: SETTINGS.judgeLatencyMs,
      rateLimits: { 'metrics.evaluate': SETTINGS.evaluateLimit },
      rateLimitWindowMs: SETTINGS.rateLimitWindowMs,
    })
    Object.assign(process.env, simulator.env)
    try {
      const cold = await judgedRun(simulator, 'auto', paths.judged, paths.cache)
      const declared = await judgedRun(simulator, 'auto', paths.declared, paths.declaredCache)
      const rerecord = await judgedRun(simulator, 'record', paths.judged, paths.cache)
      const warm: JudgedRun[] = []
      const plain: ProjectRun[] = []
      const plainSync: ProjectRun[] = []
      const warmInProcess: JudgedRun[] = []
      const plainInProcess: ProjectRun[] = []
      const warmFromSource: JudgedRun[] = []
      for (let i = 0; i < pairs; i++) {
        warm.push(await judgedRun(simulator, 'auto', paths.judged, paths.cache, 'cli'))
        plain.push(await plainRun(paths.plain, 'cli'))
        plainSync.push(await plainRun(paths.plainSync, 'cli'))
        warmInProcess.push(await judgedRun(simulator, 'auto', paths.judged, paths.cache))
        plainInProcess.push(await plainRun(paths.plain, 'in-process'))
        warmFromSource.push(
          await judgedRun(simulator, 'auto', paths.fromSource, paths.cache, 'in-process, from source'),
        )
      }
      const totalMs = performance.now() - started
      const result = {
        ...{ counts, settings: SETTINGS, cold, declared, rerecord, totalMs },
        ...{ warm, plain, plainSync, warmInProcess, plainInProcess, warmFromSource },
      }
      process.stdout.write(`\n${renderReport(result)}\n`)
    } finally {
      await simulator.close()
    }
  } finally {
    rmSync(workDir, { recursive: true, force: true })
  }
}

/** What a failure of the bench prints: a bad setting in one line, anything else with its stack. */
function failureText(error: unknown): string {
  if (error instanceof BenchInputError) return error.message
  return error instanceof Error ? (error.stack ?? error.message) : String(error)
}

main().catch((error: unknown) => {
  log(`broken: ${failureText(error)}`)
  process.exitCode = 1
})
