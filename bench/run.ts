/**
 * `npm run bench`: the synthetic suite judged against the local simulator, side by side with plain Vitest.
 *
 * 1. cold run (mode `auto`, empty cache): evaluate calls and wall time; also, for comparison, a cold run of
 *    the same suite whose describe blocks declare their metrics ahead (`prefetchMetrics` in `beforeAll`);
 * 2. re-record (mode `record`, the cache of run 1, so remembered metric sets are prefetched): evaluate calls;
 * 3. warm runs (mode `auto`, full cache): evaluate calls and wall time,
 * 4. interleaved with plain Vitest runs of the same layout with trivial async assertions: wall time.
 *
 * It measures and prints; it asserts nothing about timing. The exit code is 0 unless the bench itself
 * breaks. The simulator's credentials reach the plugin through the environment only, never printed.
 */
import { rmSync } from 'node:fs'
import { basename, join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import type { CacheMode } from '../src/cache/types.js'
import { type Simulator, startSimulator } from '../src/simulator/index.js'
import { type BenchSettings, type JudgedRun, renderReport } from './report.js'
import { type ProjectRun, runProject } from './run-vitest.js'
import {
  countSuite,
  DEFAULT_SUITE_SHAPE,
  designSuite,
  writeJudgedProject,
  writePlainProject,
  writeSimulatorFixtures,
} from './synthetic-suite.js'

/** Generated files (git-ignored), rebuilt on every run. */
const WORK_DIR = fileURLToPath(new URL('./.work/', import.meta.url))
const PLUGIN_SOURCE = fileURLToPath(new URL('../src/plugin/index.ts', import.meta.url))
const FIXTURES_DIR = join(WORK_DIR, 'amigo-fixtures')
const JUDGED_DIR = join(WORK_DIR, 'judged')
const DECLARED_DIR = join(WORK_DIR, 'declared')
const PLAIN_DIR = join(WORK_DIR, 'plain')
const CACHE_DIR = join(WORK_DIR, 'cache')
/** The declared-ahead run's own cache, so that it starts cold too. */
const DECLARED_CACHE_DIR = join(WORK_DIR, 'declared-cache')

/** How many warm and plain runs alternate; the medians are reported. */
const WARM_REPEATS = 3

const SETTINGS: BenchSettings = {
  judgeLatencyMs: 150,
  evaluateLimit: 20,
  rateLimitWindowMs: 2500,
  maxWorkers: DEFAULT_SUITE_SHAPE.maxWorkers,
}

function log(message: string): void {
  process.stderr.write(`bench: ${message}\n`)
}

/** One run of a judged project in `mode` with `cacheDir`, counted from the simulator's counters. */
async function judgedRun(
  simulator: Simulator,
  mode: CacheMode,
  project = JUDGED_DIR,
  cacheDir = CACHE_DIR,
): Promise<JudgedRun> {
  process.env.AMIGO_EVAL_MODE = mode
  process.env.AMIGO_CACHE_DIR = cacheDir
  simulator.counters.reset()
  const run = await runProject(project)
  checkRan(`${basename(project)} (${mode})`, run)
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

async function plainRun(): Promise<ProjectRun> {
  const run = await runProject(PLAIN_DIR)
  checkRan('plain', run)
  return run
}

async function main(): Promise<void> {
  const started = performance.now()
  rmSync(WORK_DIR, { recursive: true, force: true })
  const suite = designSuite()
  const counts = countSuite(suite)
  writeSimulatorFixtures(suite, FIXTURES_DIR)
  writeJudgedProject(suite, JUDGED_DIR, PLUGIN_SOURCE)
  writeJudgedProject(suite, DECLARED_DIR, PLUGIN_SOURCE, { declareAhead: true })
  writePlainProject(suite, PLAIN_DIR)
  log(`generated ${counts.tests} tests in ${counts.files} files under ${WORK_DIR}`)

  const simulator = await startSimulator({
    fixturesDir: FIXTURES_DIR,
    judgeLatencyMs: SETTINGS.judgeLatencyMs,
    rateLimits: { 'metrics.evaluate': SETTINGS.evaluateLimit },
    rateLimitWindowMs: SETTINGS.rateLimitWindowMs,
  })
  Object.assign(process.env, simulator.env)
  try {
    const cold = await judgedRun(simulator, 'auto')
    const declared = await judgedRun(simulator, 'auto', DECLARED_DIR, DECLARED_CACHE_DIR)
    const rerecord = await judgedRun(simulator, 'record')
    const warm: JudgedRun[] = []
    const plain: ProjectRun[] = []
    for (let i = 0; i < WARM_REPEATS; i++) {
      warm.push(await judgedRun(simulator, 'auto'))
      plain.push(await plainRun())
    }
    const totalMs = performance.now() - started
    process.stdout.write(
      `\n${renderReport({ counts, settings: SETTINGS, cold, declared, rerecord, warm, plain, totalMs })}\n`,
    )
  } finally {
    await simulator.close()
  }
}

main().catch((error: unknown) => {
  log(`broken: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
  process.exitCode = 1
})
