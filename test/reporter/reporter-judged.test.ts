/**
 * The reporter as the plugin adds it, in real Vitest runs of `fixtures/projects/reporter-judged`, whose
 * tests judge simulator conversations through the matchers and the run's evaluation service.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest'
import type { CliOptions } from 'vitest/node'
import type { AmigoReporterOptions } from '../../src/reporter/options.js'
import type { JsonReport } from '../../src/reporter/report-schema.js'
import { type Simulator, startSimulator } from '../../src/simulator/index.js'
import { type FixtureRun, runFixture } from '../helpers/run-fixture.js'
import { amigoOutput, readReport, tempDir } from './e2e-helpers.js'

const PROJECT = 'reporter-judged'
const PASSING_ONLY = { testNamePattern: 'refund|actionable|coach is empathetic' } as const

let simulator: Simulator
beforeAll(async () => {
  // Limits high enough that the many runs of this file never wait for a window (one test does, on purpose).
  simulator = await startSimulator({
    rateLimits: { signin: 1000, 'metrics.get': 1000, 'metrics.search': 1000, 'metrics.evaluate': 1000 },
  })
})
afterAll(() => simulator.close())

beforeEach(() => {
  for (const [name, value] of Object.entries(simulator.env)) vi.stubEnv(name, value)
  vi.stubEnv('AMIGO_CACHE_DIR', tempDir())
  vi.stubEnv('NO_COLOR', '1')
  vi.stubEnv('GITHUB_STEP_SUMMARY', undefined)
  simulator.counters.reset()
})

/** Runs the project with the plugin's reporter given `options`, judging with an empty cache. */
function run(options: AmigoReporterOptions, cli: CliOptions = {}): Promise<FixtureRun> {
  vi.stubEnv('AMIGO_REPORTER_FIXTURE_OPTIONS', JSON.stringify(options))
  vi.stubEnv('AMIGO_CACHE_DIR', tempDir())
  return runFixture(PROJECT, { cli })
}

const SERVICE_LINE = /^ {2}service: .*$/m
const failedTests = [
  'coaching leaves the user positive',
  'support > dismissive agent is empathetic',
  'support > dismissive agent escalated',
]

/** The justification the judge gave in a test, as recorded by the matcher. */
function justificationOf(fixtureRun: FixtureRun, test: string): string {
  const justification = fixtureRun.tests.get(test)?.meta().amigo?.[0]?.justification
  if (!justification) throw new Error(`no judged assertion recorded in ${test}`)
  return justification
}

test('failure details under each failed test, the summary, and the service figures', async () => {
  const fixtureRun = await run({})
  expect(fixtureRun.exitCode).toBe(1)
  const output = amigoOutput(fixtureRun.stdout)
  const evaluateCalls = simulator.counters.total('metrics.evaluate', 200)
  expect(output.match(SERVICE_LINE)?.[0]).toMatch(
    new RegExp(
      `^ {2}service: ${evaluateCalls} evaluate calls \\(\\d+ batched\\), 0 cache hits, 7 judged fresh, `,
    ),
  )
  // The judge's words belong to the simulator: check they are all there (wrapped), then leave them out.
  const unwrapped = output.replace(/\n {6}/g, ' ')
  for (const test of failedTests) {
    const [assertion] = fixtureRun.tests.get(test)?.meta().amigo ?? []
    expect(unwrapped).toContain(`justification: ${assertion?.justification}`)
    if (assertion?.references?.length)
      expect(unwrapped).toContain(`references: ${assertion.references.join(', ')}`)
  }
  const judgeWords = /^ {4}justification:\n(?: {6}.*\n)+(?: {4}references: .*\n)?/gm
  expect(
    output.replace(SERVICE_LINE, '  service: <figures>').replace(judgeWords, '    <judge>\n'),
  ).toMatchInlineSnapshot(`
    " vitest-amigo  judged assertions

     FAIL coaching.test.ts > coaching leaves the user positive
      ✗ "Customer sentiment" (6650f0b10000000000000005) categorical, toHaveMetricCategory
        conversation 6650f0c10000000000000003, interaction 6650f0a10000000000000011
        expected value is "positive", got "neutral" (fresh)
        <judge>

     FAIL support.test.ts > support > dismissive agent is empathetic
      ✗ "Empathy" (6650f0b10000000000000001) numerical, toScoreMetric
        conversation 6650f0c10000000000000002, interaction 6650f0a10000000000000008
        expected value >= 7, got 0 (fresh)
        <judge>

     FAIL support.test.ts > support > dismissive agent escalated
      ✗ "Escalated correctly" (6650f0b10000000000000003) boolean, toPassMetric
        conversation 6650f0c10000000000000002, interaction 6650f0a10000000000000008
        expected value is true, got false (fresh)
        <judge>

     vitest-amigo  summary
      metric                                               type         assertions  passed  pass rate  values
      "Coaching actionability" (6650f0b10000000000000008)  numerical    1           1       100.0%     mean 7, min 7, max 7
      "Customer sentiment" (6650f0b10000000000000005)      categorical  1           0       0.0%       positive 0, neutral 1, negative 0
      "Empathy" (6650f0b10000000000000001)                 numerical    3           2       66.7%      mean 5.67, min 0, max 10
      "Escalated correctly" (6650f0b10000000000000003)     boolean      1           0       0.0%       true 0, false 1
      "Verified identity" (6650f0b10000000000000004)       boolean      1           1       100.0%     true 1, false 0

      7 judged assertions in 7 tests: 4 passed, 3 failed
      service: <figures>"
  `)
})

describe('justifications reach the built-in CI reporters', () => {
  test('junit: in each failure', async () => {
    const junitFile = join(tempDir(), 'junit.xml')
    const fixtureRun = await run({}, { reporters: ['default', 'junit'], outputFile: { junit: junitFile } })
    const xml = readFileSync(junitFile, 'utf8')
    const escapeXml = (text: string) =>
      text
        .replaceAll('&', '&amp;')
        .replaceAll('"', '&quot;')
        .replaceAll("'", '&apos;')
        .replaceAll('<', '&lt;')
        .replaceAll('>', '&gt;')
    for (const test of ['support > dismissive agent is empathetic', 'support > dismissive agent escalated']) {
      expect(xml).toContain(`Justification: ${escapeXml(justificationOf(fixtureRun, test))}`)
    }
    expect(xml.match(/<failure /g)).toHaveLength(3)
  })

  test('github-actions: in each error annotation', async () => {
    const fixtureRun = await run({}, { reporters: ['default', 'github-actions'] })
    const annotations = fixtureRun.stdout.split('\n').filter((line) => line.startsWith('::error '))
    expect(annotations).toHaveLength(3)
    const empathy = annotations.find((line) =>
      line.includes('title=support.test.ts > support > dismissive agent is empathetic'),
    )
    expect(empathy).toContain(
      `%0AJustification: ${justificationOf(fixtureRun, 'support > dismissive agent is empathetic')}%0A`,
    )
  })
})

describe('gates through the plugin options', () => {
  test('all tests pass but the mean is under the bound: exit code 1 and one line saying so', async () => {
    const fixtureRun = await run({ gates: { Empathy: { minMean: 9 } } }, PASSING_ONLY)
    expect(fixtureRun.stderr).not.toContain('FAIL')
    expect(fixtureRun.exitCode).toBe(1)
    const output = amigoOutput(fixtureRun.stdout)
    expect(output).toContain('✗ gate minMean on "Empathy" (6650f0b10000000000000001): mean 8.5 < 9')
    expect(output).toContain('✗ 1 of 1 gate failed: the run fails')
  })

  test('gates met: exit code 0', async () => {
    const fixtureRun = await run({ gates: { '*': { minPassRate: 1, minMean: 7 } } }, PASSING_ONLY)
    expect(fixtureRun.exitCode).toBe(0)
    expect(amigoOutput(fixtureRun.stdout)).toContain('✓ all 5 gates passed')
  })
})

test('JSON report and GitHub summary carry the service figures of the run', async () => {
  const dir = tempDir()
  vi.stubEnv('GITHUB_STEP_SUMMARY', join(dir, 'summary.md'))
  await run({ outputFile: join(dir, 'amigo.json') })
  const report = readReport(join(dir, 'amigo.json'))
  expect(report.service).toMatchObject({
    source: 'service',
    stats: { evaluateCalls: simulator.counters.total('metrics.evaluate', 200), cacheHits: 0, cacheMisses: 7 },
  })
  const markdown = readFileSync(join(dir, 'summary.md'), 'utf8')
  expect(markdown).toContain(
    '| Empathy `6650f0b10000000000000001` | numerical | 3 | 2 | 66.7% | mean 5.67, min 0, max 10 |',
  )
  expect(markdown).toContain(
    `  > ${report.assertions.find((a) => a.metricName === 'Escalated correctly')?.justification}`,
  )
})

test('two shards as blob reports, merged: the same details, summary, report and gate verdicts', async () => {
  const dir = tempDir()
  const gates = { '*': { minPassRate: 0.5 } }
  const whole = await run({ gates, outputFile: join(dir, 'whole.json') })
  const options = { gates, outputFile: join(dir, 'merged.json') }
  for (const index of [1, 2]) {
    const shard = await run(options, {
      shard: `${index}/2`,
      reporters: ['blob'],
      outputFile: { blob: join(dir, 'blobs', `blob-${index}.json`) },
    })
    expect(shard.tests.size).toBeGreaterThan(0)
  }
  const merged = await run(options, { mergeReports: join(dir, 'blobs') })
  expect(merged.tests.size).toBe(7)
  expect(merged.exitCode).toBe(whole.exitCode)

  // Each shard's service ran in its own process: the merged run states what the records tell instead.
  const mergedOutput = amigoOutput(merged.stdout, dir)
  expect(mergedOutput).toContain(
    '  service: 7 judged fresh, 0 from cache (from the records; no service in this run)',
  )
  const comparable = (text: string) => text.replace(SERVICE_LINE, '').replace('whole.json', 'merged.json')
  expect(comparable(mergedOutput)).toBe(comparable(amigoOutput(whole.stdout, dir)))
  expect(mergedOutput).toContain('✗ 2 of 5 gates failed: the run fails')

  const withoutRunFacts = (report: JsonReport) => ({
    ...report,
    service: undefined,
    assertions: report.assertions.map(({ judgedAt: _judgedAt, ...assertion }) => assertion),
  })
  expect(withoutRunFacts(readReport(join(dir, 'merged.json')))).toEqual(
    withoutRunFacts(readReport(join(dir, 'whole.json'))),
  )
})

test('a long wait on the rate limit is announced with its reason and length', async () => {
  const limited = await startSimulator({ rateLimits: { 'metrics.evaluate': 4 }, rateLimitWindowMs: 8000 })
  try {
    for (const [name, value] of Object.entries(limited.env)) vi.stubEnv(name, value)
    const fixtureRun = await run({})
    expect(limited.counters.total('metrics.evaluate', 200)).toBe(7)
    expect(fixtureRun.stdout).toMatch(
      /^vitest-amigo: waiting \d+\.\ds on the rate limit of POST \/v1\/\{org\}\/metric\/evaluate: this minute's requests are used up$/m,
    )
    expect(amigoOutput(fixtureRun.stdout)).toMatch(/, [1-9]\d*\.\ds waiting on rate limits$/m)
  } finally {
    await limited.close()
  }
})
