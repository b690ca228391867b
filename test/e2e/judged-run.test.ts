/**
 * End to end: Vitest runs the `judged` fixture project (several files, two forked workers, the plugin and
 * nothing else) against the simulator. Asserts which tests pass and fail, the failure messages, and from
 * the simulator's counters what the shared evaluation service sent: one call per distinct verdict however
 * many workers ask, one call per conversation+interaction for metrics declared together, none when warm,
 * no request at all in replay without credentials.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { stripVTControlCharacters } from 'node:util'
import { afterAll, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest'

vi.setConfig({ testTimeout: 90_000 })

import type { CliOptions } from 'vitest/node'
import type { EvaluateMetricsRequest } from '../../src/client/schemas.js'
import { type Simulator, startSimulator } from '../../src/simulator/index.js'
import { type FixtureRun, runFixture, testStates } from '../helpers/run-fixture.js'

const JUDGED_FILES = ['scores', 'categories', 'prefetch']

const EXPECTED_STATES = {
  'scores > empathetic coaching': 'passed',
  'scores > not perfectly empathetic': 'passed',
  'scores > dismissive agent is empathetic': 'failed',
  'scores > soft assertions report every failure': 'failed',
  'scores > escalation does not apply to coaching': 'failed',
  'scores > escalation may be not applicable': 'passed',
  'categories and criteria, concurrently > coaching is about sleep': 'passed',
  'categories and criteria, concurrently > coaching empathy is exactly 7': 'passed',
  'categories and criteria, concurrently > coaching empathy again': 'passed',
  'categories and criteria, concurrently > dismissive sentiment is positive': 'failed',
  'categories and criteria, concurrently > chest pain was escalated': 'passed',
  'refund, metrics declared ahead > empathy': 'passed',
  'refund, metrics declared ahead > resolution': 'passed',
  'refund, metrics declared ahead > identity verified': 'passed',
  'refund, metrics declared ahead > sentiment': 'passed',
}

/** Distinct conversation+interaction+metric verdicts the three files ask for. */
const DISTINCT_VERDICTS = 11
/** Distinct conversation+interaction pairs they judge. */
const DISTINCT_PAIRS = 4

const pairOf = (body: EvaluateMetricsRequest): string =>
  `${body.conversation_id}/${body.evaluate_to_interaction_id ?? 'whole'}`
const verdictsOf = (bodies: readonly EvaluateMetricsRequest[]): string[] =>
  bodies.flatMap((body) => body.metric_ids.map((metric) => `${pairOf(body)}/${metric}`))

const errorsOf = (run: FixtureRun, name: string): string[] =>
  (run.tests.get(name)?.result().errors ?? []).map((error) => stripVTControlCharacters(error.message))

let sim: Simulator
let cacheDir: string

function useEnvironment(simulator: Simulator, extra: Record<string, string> = {}): void {
  for (const [name, value] of Object.entries({ ...simulator.env, AMIGO_CACHE_DIR: cacheDir, ...extra })) {
    vi.stubEnv(name, value)
  }
}

beforeAll(async () => {
  // Room for several runs a minute: each run signs in, and resolves each metric name with a search.
  sim = await startSimulator({
    rateLimits: { signin: 100, 'metrics.get': 100, 'metrics.search': 100, 'metrics.evaluate': 100 },
  })
  cacheDir = await mkdtemp(join(tmpdir(), 'vitest-amigo-e2e-'))
})
afterAll(async () => {
  await sim?.close()
  await rm(cacheDir, { recursive: true, force: true })
})

describe('one cache across runs', () => {
  beforeEach(() => sim.counters.reset())

  test('cold run: verdicts, messages, one call per distinct verdict, one call for metrics declared together', async () => {
    useEnvironment(sim, { AMIGO_EVAL_MODE: 'auto' })
    const run = await runFixture('judged', { filters: JUDGED_FILES })
    expect(testStates(run)).toEqual(EXPECTED_STATES)
    expect(run.exitCode).toBe(1)

    const [failure] = errorsOf(run, 'scores > dismissive agent is empathetic')
    expect(failure).toContain('expect(conversation).toScoreMetric(metric, min)')
    expect(failure).toContain('Metric:        "Empathy" (6650f0b10000000000000001), numerical from 0 to 10')
    expect(failure).toContain(
      'Judged on:     conversation 6650f0c10000000000000002, interaction 6650f0a10000000000000008',
    )
    expect(failure).toContain('Expected:      value >= 7\nReceived:      0\nJustification: 0 of the agent')
    expect(failure).toContain('References:    6650f0e10000000000000012, 6650f0e10000000000000014')
    expect(errorsOf(run, 'scores > soft assertions report every failure')).toHaveLength(2)
    expect(errorsOf(run, 'scores > escalation does not apply to coaching')[0]).toContain(
      'Received:      null (not applicable',
    )
    // The code frame shows the user's line.
    expect(stripVTControlCharacters(run.stderr)).toMatch(/❯ scores\.test\.ts:14:5/)

    const verdicts = verdictsOf(sim.counters.evaluateBodies)
    expect(new Set(verdicts).size).toBe(DISTINCT_VERDICTS)
    expect(verdicts).toHaveLength(DISTINCT_VERDICTS)
    const refund = sim.counters.evaluateBodies.filter(
      (body) => body.conversation_id === '6650f0c10000000000000001',
    )
    expect(refund).toHaveLength(1)
    expect(refund[0]?.metric_ids).toHaveLength(4)

    const soft = run.tests.get('scores > soft assertions report every failure')?.meta()
    expect(soft?.amigo?.map((record) => [record.metricName, record.value, record.passed])).toEqual([
      ['Empathy', 0, false],
      ['Resolution quality', 1, false],
    ])
    const concurrent = run.tests
      .get('categories and criteria, concurrently > coaching is about sleep')
      ?.meta()
    expect(concurrent?.amigo).toMatchObject([
      { matcher: 'toHaveMetricCategory', metricName: 'Topic', passed: true },
    ])
    for (const testCase of run.tests.values()) expect(testCase.meta()).toMatchObject({ userSetup: true })
    const project = run.modules[0]?.project
    expect(project?.config.testTimeout).toBe(120_000)
    expect(project?.config.hookTimeout).toBe(120_000)
    expect(project?.config.setupFiles.some((file) => file.endsWith('user-setup.ts'))).toBe(true)
    expect(stripVTControlCharacters(run.stdout)).toMatch(/Test Files {2}2 failed \| 1 passed/)
    expect(stripVTControlCharacters(run.stdout)).toContain('vitest-amigo  summary')
  })

  test('warm rerun: the same verdicts and no evaluate call', async () => {
    useEnvironment(sim, { AMIGO_EVAL_MODE: 'auto' })
    const run = await runFixture('judged', { filters: JUDGED_FILES })
    expect(testStates(run)).toEqual(EXPECTED_STATES)
    expect(sim.counters.total('metrics.evaluate')).toBe(0)
    // Every ask was a cache hit, also those the workers answered from the verdicts the service shared,
    // which reach the service's figures through each file's meta.
    const records = [...run.tests.values()].flatMap((test) => test.meta().amigo ?? [])
    expect(records.length).toBeGreaterThan(0)
    expect(records.every((record) => record.source === 'cache')).toBe(true)
    const servedInWorkers = run.modules.map((module) => module.meta().amigoServedLocally ?? 0)
    expect(servedInWorkers.filter((count) => count > 0).length).toBeGreaterThan(1)
    expect(stripVTControlCharacters(run.stdout)).toContain(
      `service: 0 evaluate calls (0 batched), ${records.length} cache hits,`,
    )
  })

  test('replay without credentials: the same verdicts and no request at all', async () => {
    useEnvironment(sim, {
      AMIGO_EVAL_MODE: 'replay',
      AMIGO_API_KEY: '',
      AMIGO_API_KEY_ID: '',
      AMIGO_USER_ID: '',
      AMIGO_BASE_URL: '',
    })
    const run = await runFixture('judged', { filters: JUDGED_FILES })
    expect(testStates(run)).toEqual(EXPECTED_STATES)
    expect(sim.counters.total()).toBe(0)
  })

  test('record: every remembered metric of a conversation+interaction goes out in one call', async () => {
    useEnvironment(sim, { AMIGO_EVAL_MODE: 'record' })
    const run = await runFixture('judged', { filters: JUDGED_FILES })
    expect(testStates(run)).toEqual(EXPECTED_STATES)
    const bodies = sim.counters.evaluateBodies
    expect(bodies.map(pairOf).sort()).toEqual([...new Set(bodies.map(pairOf))].sort())
    expect(bodies).toHaveLength(DISTINCT_PAIRS)
    expect(verdictsOf(bodies)).toHaveLength(DISTINCT_VERDICTS)
  })

  test('reporters given on the command line keep the vitest-amigo reporter', async () => {
    useEnvironment(sim, { AMIGO_EVAL_MODE: 'auto' })
    // What `vitest run --reporter=default --reporter=json` passes (cac sets the flag and its alias).
    const cli = { reporters: ['default', 'json'], reporter: ['default', 'json'] } as CliOptions
    const run = await runFixture('judged', { filters: JUDGED_FILES, cli })
    expect(testStates(run)).toEqual(EXPECTED_STATES)
    const stdout = stripVTControlCharacters(run.stdout)
    expect(stdout).toContain('"numTotalTests":15')
    expect(stdout).toContain('vitest-amigo  summary')
  })
})

test('a Vitest retry judges again instead of replaying the verdict it failed on', async () => {
  useEnvironment(sim, { AMIGO_EVAL_MODE: 'auto' })
  // Warm the cache with the failing verdict first: the retry must not replay it.
  await runFixture('judged', { filters: ['retried'], cli: { retry: 0 } })
  sim.counters.reset()
  const run = await runFixture('judged', { filters: ['retried'] })
  const retried = run.tests.get('judged again when retried')
  expect(retried?.result().state).toBe('failed')
  expect(retried?.diagnostic()?.retryCount).toBe(1)
  expect(sim.counters.evaluateBodies).toEqual([
    {
      metric_ids: ['6650f0b10000000000000001'],
      conversation_id: '6650f0c10000000000000002',
      evaluate_to_interaction_id: '6650f0a10000000000000008',
    },
  ])
  expect(retried?.meta().amigo).toHaveLength(1)
  expect(retried?.meta().amigo?.[0]).toMatchObject({ source: 'fresh', passed: false, value: 0 })
})

test('a rate limit smaller than the suite makes the run wait, not fail', async () => {
  const limited = await startSimulator({ rateLimits: { 'metrics.evaluate': 2 }, rateLimitWindowMs: 1000 })
  try {
    useEnvironment(limited, { AMIGO_EVAL_MODE: 'off' })
    const run = await runFixture('judged', { filters: JUDGED_FILES })
    expect(testStates(run)).toEqual(EXPECTED_STATES)
    expect(limited.counters.total('metrics.evaluate', 200)).toBeGreaterThan(2)
    const waited = /([\d.]+)s waiting on rate limits/.exec(stripVTControlCharacters(run.stdout))?.[1]
    expect(Number(waited)).toBeGreaterThan(0)
    expect(verdictsOf(limited.counters.evaluateBodies)).toHaveLength(DISTINCT_VERDICTS)
  } finally {
    await limited.close()
  }
})
