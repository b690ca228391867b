/** Hand-made judged assertions for the reporter's unit tests. */
import type { ReportedAssertion } from '../../src/reporter/report-schema.js'

export const CONVERSATION = '6618791275130b73714e8d1c'
export const INTERACTION = '6618791275130b73714e8d2a'
export const EMPATHY = '661879aa75130b73714e8d3f'
export const ESCALATED = '661879aa75130b73714e8d40'
export const SENTIMENT = '661879aa75130b73714e8d41'

const base = {
  negated: false,
  organization: 'amigo-simulator',
  conversationId: CONVERSATION,
  interactionId: INTERACTION,
  source: 'fresh' as const,
  judgedAt: '2025-01-01T00:00:00.000Z',
  file: 'agent.test.ts',
  references: ['m1', 'm2'],
} satisfies Partial<ReportedAssertion>

/** A numerical assertion `toScoreMetric(EMPATHY, threshold)` judged `value`. */
export function empathy(value: number | null, overrides: Partial<ReportedAssertion> = {}): ReportedAssertion {
  const threshold = 7
  const passed = value !== null && value >= threshold
  return {
    ...base,
    matcher: 'toScoreMetric',
    passed,
    metricId: EMPATHY,
    metricName: 'Empathy',
    metricType: 'numerical',
    lowerBound: 0,
    upperBound: 10,
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
    matcher: 'toPassMetric',
    passed: value,
    metricId: ESCALATED,
    metricName: 'Escalated correctly',
    metricType: 'boolean',
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
