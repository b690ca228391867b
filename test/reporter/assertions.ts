/**
 * Hand-made judged assertions for the reporter's unit tests, about the metrics and the conversation of the
 * `reporter-meta` fixture project's records.
 */
import { EMPATHY_METRIC, ESCALATED_METRIC, JUDGED_ON } from '../../fixtures/projects/reporter-meta/records.js'
import type { ReportedAssertion } from '../../src/reporter/report-schema.js'

export const EMPATHY = EMPATHY_METRIC.metricId
export const ESCALATED = ESCALATED_METRIC.metricId
export const SENTIMENT = '661879aa75130b73714e8d41'

const base = {
  ...JUDGED_ON,
  source: 'fresh' as const,
  file: 'agent.test.ts',
  references: ['m1', 'm2'],
} satisfies Partial<ReportedAssertion>

/** A numerical assertion `toScoreMetric(EMPATHY, threshold)` judged `value`. */
export function empathy(value: number | null, overrides: Partial<ReportedAssertion> = {}): ReportedAssertion {
  const threshold = 7
  const passed = value !== null && value >= threshold
  return {
    ...base,
    ...EMPATHY_METRIC,
    matcher: 'toScoreMetric',
    passed,
    criterion: { type: 'numerical', verb: '>=', threshold },
    value,
    justification: `The agent scored ${value} on empathy.`,
    test: `empathy ${value}`,
    testState: passed ? 'passed' : 'failed',
    ...overrides,
  }
}

/** A boolean assertion `toPassMetric(ESCALATED)` judged `value`. */
export function escalated(value: boolean, overrides: Partial<ReportedAssertion> = {}): ReportedAssertion {
  return {
    ...base,
    ...ESCALATED_METRIC,
    matcher: 'toPassMetric',
    passed: value,
    criterion: { type: 'boolean', expected_value: true },
    value,
    justification: value ? 'The agent escalated.' : 'The agent never escalated.',
    test: `escalated ${value}`,
    testState: value ? 'passed' : 'failed',
    ...overrides,
  }
}

/** A categorical assertion `toHaveMetricCategory(SENTIMENT, 'positive')` judged `value`. */
export function sentiment(value: string, overrides: Partial<ReportedAssertion> = {}): ReportedAssertion {
  const passed = value === 'positive'
  return {
    ...base,
    matcher: 'toHaveMetricCategory',
    passed,
    metricId: SENTIMENT,
    metricName: 'Sentiment',
    metricType: 'categorical',
    categories: ['positive', 'neutral', 'negative'],
    criterion: { type: 'categorical', expected_values: ['positive'] },
    value,
    justification: `The user sounded ${value}.`,
    test: `sentiment ${value}`,
    testState: passed ? 'passed' : 'failed',
    ...overrides,
  }
}
