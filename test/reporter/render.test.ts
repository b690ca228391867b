import { describe, expect, test } from 'vitest'
import { compareWithBaseline } from '../../src/reporter/baseline.js'
import { checkGates } from '../../src/reporter/gates.js'
import type { RunOutcome } from '../../src/reporter/json-report.js'
import { renderTestDetails, renderVerdict } from '../../src/reporter/render-details.js'
import { renderSummary } from '../../src/reporter/render-summary.js'
import type { ReportedAssertion } from '../../src/reporter/report-schema.js'
import { serviceFiguresFromRecords, summarizeRun } from '../../src/reporter/statistics.js'
import { colorEnabled, plainStyle, terminalStyle, wrapText } from '../../src/reporter/terminal-style.js'
import { selectTestDetails } from '../../src/reporter/test-details.js'
import { empathy, escalated, sentiment } from './assertions.js'

const long =
  'The agent acknowledged the delay but then moved on to the refund policy without asking how the user felt, and it repeated the same apology twice in a way that sounded scripted.'

const run: ReportedAssertion[] = [
  empathy(9, { test: 'onboarding > stays empathetic' }),
  empathy(4, { test: 'onboarding > stays empathetic', justification: long, source: 'cache' }),
  escalated(false, { test: 'onboarding > escalates', file: 'escalation.test.ts', references: [] }),
  sentiment('neutral', {
    test: 'onboarding > ends well',
    negated: true,
    passed: true,
    testState: 'passed',
  }),
  empathy(7, {
    test: 'errored',
    passed: false,
    testState: 'failed',
    value: undefined,
    justification: undefined,
    references: undefined,
    source: undefined,
    error:
      'no cached verdict for this conversation in replay mode; run once with AMIGO_EVAL_MODE=auto to record it',
  }),
]

function outcome(assertions: readonly ReportedAssertion[], extra: Partial<RunOutcome> = {}): RunOutcome {
  const summary = summarizeRun(assertions)
  return {
    assertions,
    summary,
    service: serviceFiguresFromRecords(assertions),
    baseline: null,
    gates: [],
    ...extra,
  }
}

describe('details under failed tests', () => {
  test('failed assertions only, grouped by test; justification wrapped to the width', () => {
    expect(
      renderTestDetails(selectTestDetails(run, false), plainStyle(80)).join('\n'),
    ).toMatchInlineSnapshot(`
      "
       vitest-amigo  judged assertions

       FAIL agent.test.ts > onboarding > stays empathetic
        ✗ "Empathy" (661879aa75130b73714e8d3f) numerical, toScoreMetric
          conversation 6618791275130b73714e8d1c, interaction 6618791275130b73714e8d2a
          expected value >= 7, got 4 (cached)
          justification:
            The agent acknowledged the delay but then moved on to the refund policy
            without asking how the user felt, and it repeated the same apology twice
            in a way that sounded scripted.
          references: m1, m2

       FAIL escalation.test.ts > onboarding > escalates
        ✗ "Escalated correctly" (661879aa75130b73714e8d40) boolean, toPassMetric
          conversation 6618791275130b73714e8d1c, interaction 6618791275130b73714e8d2a
          expected value is true, got false (fresh)
          justification:
            The agent never escalated.

       FAIL agent.test.ts > errored
        ✗ "Empathy" (661879aa75130b73714e8d3f) numerical, toScoreMetric
          conversation 6618791275130b73714e8d1c, interaction 6618791275130b73714e8d2a
          expected value >= 7, got no verdict:
            no cached verdict for this conversation in replay mode; run once with
            AMIGO_EVAL_MODE=auto to record it"
    `)
  })

  test('verbose shows passed assertions too, and `.not` criteria', () => {
    const text = renderTestDetails(selectTestDetails(run, true), plainStyle()).join('\n')
    expect(text).toContain('✓ "Empathy" (661879aa75130b73714e8d3f) numerical, toScoreMetric')
    expect(text).toContain(' PASS agent.test.ts > onboarding > ends well')
    expect(text).toContain('expected not value is "positive", got "neutral" (fresh)')
  })

  test('nothing to show: no section', () => {
    expect(renderTestDetails(selectTestDetails([empathy(9)], false), plainStyle())).toEqual([])
  })

  test('whole-conversation judgements and not-applicable values say so', () => {
    const lines = renderTestDetails(
      selectTestDetails([empathy(null, { interactionId: null })], false),
      plainStyle(),
    )
    expect(lines).toContain('    conversation 6618791275130b73714e8d1c (whole conversation)')
    expect(lines).toContain('    expected value >= 7, got n/a (not applicable) (fresh)')
  })
})

describe('a verdict held to no criterion', () => {
  test('shows the value, the justification and the references', () => {
    expect(renderVerdict(empathy(8, { source: 'cache' }), plainStyle()).join('\n')).toMatchInlineSnapshot(`
      "  • "Empathy" (661879aa75130b73714e8d3f) numerical
          conversation 6618791275130b73714e8d1c, interaction 6618791275130b73714e8d2a
          value 8 (cached)
          justification:
            The agent scored 8 on empathy.
          references: m1, m2"
    `)
  })

  test('or why there is no verdict', () => {
    const failed = empathy(8, { value: undefined, error: 'metric "Empathy" was deleted' })
    expect(renderVerdict(failed, plainStyle()).join('\n')).toMatchInlineSnapshot(`
      "  ✗ "Empathy" (661879aa75130b73714e8d3f) numerical
          conversation 6618791275130b73714e8d1c, interaction 6618791275130b73714e8d2a
          no verdict:
            metric "Empathy" was deleted"
    `)
  })
})

describe('summary', () => {
  test('table per metric, totals, service figures, gates and verdict', () => {
    const summary = summarizeRun(run)
    const gates = checkGates(new Map([['*', { minPassRate: 0.5 }]]), summary.metrics)
    expect(renderSummary(outcome(run, { gates }), plainStyle()).join('\n')).toMatchInlineSnapshot(`
      "
       vitest-amigo  summary
        metric                                            type         assertions  passed  pass rate  values
        "Empathy" (661879aa75130b73714e8d3f)              numerical    3           1       33.3%      mean 6.5, min 4, max 9
        "Escalated correctly" (661879aa75130b73714e8d40)  boolean      1           0       0.0%       true 0, false 1
        "Sentiment" (661879aa75130b73714e8d41)            categorical  1           1       100.0%     positive 0, neutral 1, negative 0

        5 judged assertions in 4 tests: 2 passed, 3 failed
        service: 3 judged fresh, 1 from cache (from the records; no service in this run)
        gates:
          ✗ gate minPassRate on "Empathy" (661879aa75130b73714e8d3f): pass rate 33.3% < 50.0%
          ✗ gate minPassRate on "Escalated correctly" (661879aa75130b73714e8d40): pass rate 0.0% < 50.0%
          ✓ gate minPassRate on "Sentiment" (661879aa75130b73714e8d41): pass rate 100.0% >= 50.0%
        ✗ 2 of 3 gates failed: the run fails"
    `)
  })

  test('with the service figures and the baseline', () => {
    const before = summarizeRun([empathy(9), empathy(9), escalated(true)]).metrics
    const now = summarizeRun([empathy(9), empathy(4), sentiment('positive')])
    const text = renderSummary(
      outcome([empathy(9), empathy(4), sentiment('positive')], {
        baseline: { file: 'reports/base.json', deltas: compareWithBaseline(now.metrics, before) },
        service: {
          source: 'service',
          stats: {
            evaluateCalls: 2,
            cacheHits: 1,
            cacheMisses: 2,
            deduplicated: 1,
            batchedCalls: 1,
            definitionCalls: 1,
            rateLimitWaitMs: 12_345,
            retries: 0,
          },
        },
        gates: checkGates(new Map([['Empathy', { minMean: 6 }]]), now.metrics),
      }),
      plainStyle(),
    ).join('\n')
    expect(text).toMatchInlineSnapshot(`
      "
       vitest-amigo  summary
        metric                                  type         assertions  passed  pass rate  values                             vs baseline
        "Empathy" (661879aa75130b73714e8d3f)    numerical    2           1       50.0%      mean 6.5, min 4, max 9             -50.0 pp, mean -2.5
        "Sentiment" (661879aa75130b73714e8d41)  categorical  1           1       100.0%     positive 1, neutral 0, negative 0  new

        3 judged assertions in 3 tests: 2 passed, 1 failed
        baseline: reports/base.json; not in this run: "Escalated correctly" (661879aa75130b73714e8d40)
        service: 2 evaluate calls (1 batched), 1 cache hit, 2 judged fresh, 1 deduplicated, 1 definition look-up, 0 retries, 12.3s waiting on rate limits
        gates:
          ✓ gate minMean on "Empathy" (661879aa75130b73714e8d3f): mean 6.5 >= 6
        ✓ the gate passed"
    `)
  })
})

describe('terminal style', () => {
  test('NO_COLOR and non-TTY outputs are plain; a TTY is coloured', () => {
    expect(colorEnabled({ isTTY: true }, { NO_COLOR: '1' })).toBe(false)
    expect(colorEnabled({ isTTY: false }, {})).toBe(false)
    expect(colorEnabled({ isTTY: true }, {})).toBe(true)
    expect(colorEnabled({ isTTY: false }, { FORCE_COLOR: '1' })).toBe(true)
    expect(terminalStyle({ isTTY: true, columns: 60 }, { NO_COLOR: '' }).colors.red('x')).toBe('x')
    expect(terminalStyle({ isTTY: true, columns: 60 }, {}).colors.red('x')).toBe('\u001b[31mx\u001b[39m')
    expect(terminalStyle({ isTTY: true, columns: 60 }, {}).width).toBe(60)
    expect(terminalStyle({ isTTY: false, columns: 60 }, {}).width).toBe(100)
  })

  test('wrapText keeps paragraphs, indents, and cuts words longer than a line', () => {
    expect(wrapText('aaa bbb ccc\n\nddd', 48, '  ')).toEqual(['  aaa bbb ccc', '', '  ddd'])
    expect(wrapText(`${'x'.repeat(50)} y`, 30, '')).toEqual(['x'.repeat(30), `${'x'.repeat(20)} y`])
  })
})
