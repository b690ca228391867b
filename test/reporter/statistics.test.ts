import { describe, expect, test } from 'vitest'
import { serviceFiguresFromRecords, summarizeRun } from '../../src/reporter/statistics.js'
import { EMPATHY, empathy, escalated, SENTIMENT, sentiment } from './assertions.js'

describe('summarizeRun', () => {
  test('per metric: assertions, passed, pass rate, mean/min/max and counts; metrics by name', () => {
    const summary = summarizeRun([
      empathy(9),
      sentiment('neutral'),
      empathy(4),
      escalated(true),
      empathy(8),
      empathy(null),
      sentiment('positive'),
      sentiment('positive'),
      escalated(false),
    ])
    expect(summary.metrics.map((metric) => metric.metricName)).toEqual([
      'Empathy',
      'Escalated correctly',
      'Sentiment',
    ])
    expect(summary.metrics[0]).toEqual({
      metricId: EMPATHY,
      metricName: 'Empathy',
      metricType: 'numerical',
      assertions: 4,
      passed: 2,
      failed: 2,
      errors: 0,
      notApplicable: 1,
      passRate: 0.5,
      numerical: { mean: 7, min: 4, max: 9, values: 3 },
    })
    expect(summary.metrics[1]).toMatchObject({ passRate: 0.5, counts: { true: 1, false: 1 } })
    expect(summary.metrics[1]?.numerical).toBeUndefined()
    expect(summary.metrics[2]).toMatchObject({
      metricId: SENTIMENT,
      assertions: 3,
      passed: 2,
      counts: { positive: 2, neutral: 1, negative: 0 },
    })
    expect(Object.keys(summary.metrics[2]?.counts ?? {})).toEqual(['positive', 'neutral', 'negative'])
    expect(summary.totals).toEqual({
      assertions: 9,
      passed: 5,
      failed: 4,
      metrics: 3,
      tests: 8,
      failedTests: 4,
    })
  })

  test('assertions without a verdict count as failed errors and give no values', () => {
    const [metric] = summarizeRun([
      empathy(8),
      empathy(8, { passed: false, value: undefined, error: 'replay miss', test: 'errored' }),
    ]).metrics
    expect(metric).toMatchObject({ assertions: 2, passed: 1, errors: 1, passRate: 0.5 })
    expect(metric?.numerical).toEqual({ mean: 8, min: 8, max: 8, values: 1 })
  })

  test('a `.not` assertion counts by its own outcome', () => {
    const negated = empathy(4, { negated: true, passed: true, testState: 'passed' })
    expect(summarizeRun([negated]).metrics[0]).toMatchObject({ passed: 1, passRate: 1 })
  })

  test('no assertions: no metrics', () => {
    expect(summarizeRun([])).toEqual({
      totals: { assertions: 0, passed: 0, failed: 0, metrics: 0, tests: 0, failedTests: 0 },
      metrics: [],
    })
  })
})

test('serviceFiguresFromRecords counts fresh and cached verdicts', () => {
  const records = [empathy(9), empathy(4, { source: 'cache' }), escalated(true, { source: 'cache' })]
  expect(serviceFiguresFromRecords(records)).toEqual({ source: 'records', fresh: 1, cached: 2 })
})
