/**
 * The reporter on its own, in real Vitest runs of `fixtures/projects/reporter-meta`, whose tests record
 * judged assertions on `task.meta.amigo` by hand (no matchers, no service, no network).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeEach, describe, expect, test, vi } from 'vitest'
import type { CliOptions } from 'vitest/node'
import type { AmigoReporterOptions } from '../../src/reporter/options.js'
import { runFixture } from '../helpers/run-fixture.js'
import { amigoOutput, readReport, tempDir } from './e2e-helpers.js'

const PROJECT = 'reporter-meta'
const PASSING_ONLY = { testNamePattern: 'stays empathetic|empathetic at the end' } as const

function withReporter(
  options: AmigoReporterOptions & Record<string, unknown>,
  cli: CliOptions = {},
): { cli: CliOptions } {
  return { cli: { reporters: ['default', ['vitest-amigo/reporter', options]], ...cli } }
}

beforeEach(() => {
  vi.stubEnv('NO_COLOR', '1')
  vi.stubEnv('GITHUB_STEP_SUMMARY', undefined)
})

describe('terminal output', () => {
  test('details under each failed test and the summary, passed assertions quiet', async () => {
    const run = await runFixture(PROJECT, withReporter({}))
    expect(run.exitCode).toBe(1)
    expect(amigoOutput(run.stdout)).toMatchInlineSnapshot(`
      " vitest-amigo  judged assertions

       FAIL empathy.test.ts > the agent calms the user down
        ✗ "Empathy" (661879aa75130b73714e8d3f) numerical, toScoreMetric
          conversation 6618791275130b73714e8d1c, interaction 6618791275130b73714e8d2a
          expected value >= 7, got 4 (fresh)
          justification:
            Empathy judged 4: the agent ignored the user's frustration.
          references: msg-01, msg-02

       FAIL escalation.test.ts > escalation > hands over on a complaint
        ✗ "Escalated correctly" (661879aa75130b73714e8d40) boolean, toPassMetric
          conversation 6618791275130b73714e8d1c, interaction 6618791275130b73714e8d2a
          expected value is true, got false (cached)
          justification:
            The agent never offered a human agent.
          references: msg-03

       vitest-amigo  summary
        metric                                            type       assertions  passed  pass rate  values
        "Empathy" (661879aa75130b73714e8d3f)              numerical  3           2       66.7%      mean 7, min 4, max 9
        "Escalated correctly" (661879aa75130b73714e8d40)  boolean    2           1       50.0%      true 1, false 1

        5 judged assertions in 5 tests: 3 passed, 2 failed
        service: 2 judged fresh, 3 from cache (from the records; no service in this run)"
    `)
  })

  test('verbose shows the passed assertions too', async () => {
    const output = amigoOutput((await runFixture(PROJECT, withReporter({ verbose: true }))).stdout)
    expect(output).toContain(' PASS empathy.test.ts > the agent stays empathetic\n  ✓ "Empathy"')
    expect(output).toContain('expected value >= 7, got 8 (cached)')
  })

  test('nothing printed when no test recorded a judged assertion', async () => {
    const run = await runFixture(PROJECT, withReporter({}, { testNamePattern: 'an ordinary test' }))
    expect(run.exitCode).toBe(0)
    expect(amigoOutput(run.stdout)).toBe('')
  })
})

describe('gates', () => {
  test('all tests pass but a gate fails: one line for it, a failed verdict, exit code 1', async () => {
    const run = await runFixture(
      PROJECT,
      withReporter({ gates: { Empathy: { minMean: 9, minPassRate: 1 } } }, PASSING_ONLY),
    )
    const ran = [...run.tests.values()].filter((testCase) => testCase.result().state !== 'skipped')
    expect(ran.map((testCase) => testCase.result().state)).toEqual(['passed', 'passed'])
    expect(run.exitCode).toBe(1)
    expect(amigoOutput(run.stdout).split('\n').slice(-4)).toEqual([
      '  gates:',
      '    ✗ gate minMean on "Empathy" (661879aa75130b73714e8d3f): mean 8.5 < 9',
      '    ✓ gate minPassRate on "Empathy" (661879aa75130b73714e8d3f): pass rate 100.0% >= 100.0%',
      '  ✗ 1 of 2 gates failed: the run fails',
    ])
  })

  test('gates met: passed verdict, exit code 0', async () => {
    const run = await runFixture(
      PROJECT,
      withReporter({ gates: { '*': { minMean: 8, minPassRate: 1 } } }, PASSING_ONLY),
    )
    expect(run.exitCode).toBe(0)
    expect(amigoOutput(run.stdout)).toContain('  ✓ all 2 gates passed')
  })

  test('a gate on a metric that no test asserted fails the run', async () => {
    const run = await runFixture(
      PROJECT,
      withReporter({ gates: { Empathyy: { minPassRate: 0.5 } } }, PASSING_ONLY),
    )
    expect(run.exitCode).toBe(1)
    expect(amigoOutput(run.stdout)).toContain(
      '✗ gate minPassRate on "Empathyy": no judged assertions of this metric in the run',
    )
  })

  test('invalid options stop Vitest with a message naming the bad value', async () => {
    await expect(
      runFixture(PROJECT, withReporter({ gates: { Empathy: { minPassRate: 80 } } })),
    ).rejects.toThrow('option gates["Empathy"].minPassRate is 80; expected a number from 0 to 1')
  })
})

describe('CI outputs', () => {
  test('JSON report: every assertion with its test, file, verdict and justification; summary; gates', async () => {
    const dir = tempDir()
    const outputFile = join(dir, 'reports/amigo.json')
    const run = await runFixture(PROJECT, withReporter({ outputFile, gates: { '*': { minPassRate: 0.6 } } }))
    expect(amigoOutput(run.stdout, dir)).toContain(
      'vitest-amigo: JSON report written to <tmp>/reports/amigo.json',
    )
    const report = readReport(outputFile)
    expect(report.schemaVersion).toBe(1)
    expect(
      report.assertions.map((a) => [a.file, a.test, a.testState, a.metricName, a.value, a.passed, a.source]),
    ).toEqual([
      ['empathy.test.ts', 'the agent stays empathetic', 'passed', 'Empathy', 9, true, 'fresh'],
      ['empathy.test.ts', 'the agent is empathetic at the end', 'passed', 'Empathy', 8, true, 'cache'],
      ['empathy.test.ts', 'the agent calms the user down', 'failed', 'Empathy', 4, false, 'fresh'],
      [
        'escalation.test.ts',
        'escalation > hands over when asked',
        'passed',
        'Escalated correctly',
        true,
        true,
        'cache',
      ],
      [
        'escalation.test.ts',
        'escalation > hands over on a complaint',
        'failed',
        'Escalated correctly',
        false,
        false,
        'cache',
      ],
    ])
    expect(report.assertions[2]).toMatchObject({
      conversationId: '6618791275130b73714e8d1c',
      interactionId: '6618791275130b73714e8d2a',
      criterion: { type: 'numerical', verb: '>=', threshold: 7 },
      justification: "Empathy judged 4: the agent ignored the user's frustration.",
      references: ['msg-01', 'msg-02'],
    })
    expect(report.summary.totals).toEqual({
      assertions: 5,
      passed: 3,
      failed: 2,
      metrics: 2,
      tests: 5,
      failedTests: 2,
    })
    expect(
      report.summary.metrics.map((m) => [m.metricName, m.passRate, m.numerical?.mean, m.counts]),
    ).toEqual([
      ['Empathy', 2 / 3, 7, undefined],
      ['Escalated correctly', 0.5, undefined, { true: 1, false: 1 }],
    ])
    expect(report.service).toEqual({ source: 'records', fresh: 2, cached: 3 })
    expect(report.gates.passed).toBe(false)
    expect(report.gates.results.map((gate) => [gate.metricName, gate.passed])).toEqual([
      ['Empathy', true],
      ['Escalated correctly', false],
    ])
  })

  test('Markdown summary appended to GITHUB_STEP_SUMMARY', async () => {
    const summaryFile = join(tempDir(), 'step-summary.md')
    writeFileSync(summaryFile, '# Earlier step\n')
    vi.stubEnv('GITHUB_STEP_SUMMARY', summaryFile)
    await runFixture(PROJECT, withReporter({}))
    const markdown = readFileSync(summaryFile, 'utf8')
    expect(markdown.startsWith('# Earlier step\n## vitest-amigo\n')).toBe(true)
    expect(markdown).toContain(
      '| Empathy `661879aa75130b73714e8d3f` | numerical | 3 | 2 | 66.7% | mean 7, min 4, max 9 |',
    )
    expect(markdown).toContain('#### `escalation.test.ts` › escalation > hands over on a complaint (failed)')
    expect(markdown).toContain('  > The agent never offered a human agent.')
  })

  test('a secret that reached a justification is redacted from every output', async () => {
    const secret = 'sk-amigo-test-secret-0123456789'
    vi.stubEnv('AMIGO_API_KEY', secret)
    vi.stubEnv('REPORTER_FIXTURE_LEAK', secret)
    const dir = tempDir()
    const summaryFile = join(dir, 'step-summary.md')
    vi.stubEnv('GITHUB_STEP_SUMMARY', summaryFile)
    const run = await runFixture(
      PROJECT,
      withReporter({ outputFile: join(dir, 'amigo.json'), verbose: true }),
    )
    const output = amigoOutput(run.stdout)
    expect(output).toContain("the user's frustration. [REDACTED]")
    for (const text of [
      output,
      readFileSync(join(dir, 'amigo.json'), 'utf8'),
      readFileSync(summaryFile, 'utf8'),
    ]) {
      expect(text).not.toContain(secret)
    }
  })
})

describe('baseline', () => {
  test('the summary shows each metric against the baseline, and a drop gate fails the run', async () => {
    const dir = tempDir()
    const baseline = join(dir, 'baseline.json')
    await runFixture(PROJECT, withReporter({ outputFile: baseline }, PASSING_ONLY))
    const run = await runFixture(
      PROJECT,
      withReporter({ baseline, gates: { Empathy: { maxDrop: 0.2, maxMeanDrop: 1 } } }),
    )
    expect(run.exitCode).toBe(1)
    const output = amigoOutput(run.stdout, dir)
    expect(output).toContain('  baseline: <tmp>/baseline.json')
    expect(output).toContain('mean 7, min 4, max 9  -33.3 pp, mean -1.5')
    expect(output).toContain('true 1, false 1       new')
    expect(output).toContain(
      '✗ gate maxDrop on "Empathy" (661879aa75130b73714e8d3f): pass-rate drop vs baseline 33.3 pp > 20.0 pp',
    )
    expect(output).toContain(
      '✗ gate maxMeanDrop on "Empathy" (661879aa75130b73714e8d3f): mean drop vs baseline 1.5 > 1',
    )
  })

  test('a missing baseline fails the run, naming the file', async () => {
    const run = await runFixture(PROJECT, withReporter({ baseline: 'no-such-report.json' }))
    expect(run.exitCode).toBe(1)
    expect(run.stderr).toContain('cannot read baseline no-such-report.json: ENOENT')
  })
})

describe('sharding', () => {
  test('two shards written as blobs, then merged: the same details, summary, report and verdict as one run', async () => {
    const dir = tempDir()
    const gates = { '*': { minPassRate: 0.6 } }
    const whole = await runFixture(PROJECT, withReporter({ gates, outputFile: join(dir, 'whole.json') }))
    const options = { gates, outputFile: join(dir, 'merged.json') }
    for (const index of [1, 2]) {
      const shard = await runFixture(
        PROJECT,
        withReporter(options, {
          shard: `${index}/2`,
          reporters: ['blob', ['vitest-amigo/reporter', options]],
          outputFile: { blob: join(dir, 'blobs', `blob-${index}.json`) },
        }),
      )
      expect(shard.tests.size).toBe(3)
      expect(amigoOutput(shard.stdout)).toContain(
        'gates, the JSON report and the GitHub summary are produced by',
      )
    }
    expect(existsSync(join(dir, 'merged.json'))).toBe(false)
    const merged = await runFixture(PROJECT, withReporter(options, { mergeReports: join(dir, 'blobs') }))
    expect(merged.tests.size).toBe(6)
    expect(merged.exitCode).toBe(1)
    expect(amigoOutput(merged.stdout, dir)).toBe(
      amigoOutput(whole.stdout, dir).replace('whole.json', 'merged.json'),
    )
    expect(amigoOutput(merged.stdout)).toContain('✗ 1 of 2 gates failed: the run fails')
    expect(readReport(join(dir, 'merged.json'))).toEqual(readReport(join(dir, 'whole.json')))
  })
})
