import { expect, test } from 'vitest'
import {
  type AssertionContext,
  formatEvaluationFailure,
  formatJudgement,
} from '../../src/matchers/message.js'
import type { EvaluatedMetric } from '../../src/types.js'
import { plain, realMatcherUtils } from './matcher-utils.js'
import { empathy, sentiment } from './metric-definitions.js'

const utils = realMatcherUtils()

const context: AssertionContext = {
  matcher: 'toScoreMetric',
  expectedArgs: 'metric, min',
  isNot: false,
  promise: '',
  conversation: { conversationId: '6650f0c10000000000000002', interactionId: '6650f0a10000000000000008' },
  criterion: { type: 'numerical', verb: '>=', threshold: 7 },
}

const verdict: EvaluatedMetric = {
  organization: 'acme',
  conversationId: '6650f0c10000000000000002',
  interactionId: '6650f0a10000000000000008',
  metric: empathy,
  value: 0,
  justification: 'The agent answered "reinstall the app"\nand never acknowledged the frustration.',
  references: ['6650f0e10000000000000021', '6650f0e10000000000000023'],
  judgedAt: '2025-06-01T10:00:00.000Z',
  source: 'fresh',
  baseUrl: 'http://127.0.0.1:4010',
}

test('a failed score shows metric, bounds, conversation, value against threshold, justification, references', () => {
  expect(
    plain(formatJudgement(context, verdict, { allowNotApplicable: false }, utils)),
  ).toMatchInlineSnapshot(`
    "expect(conversation).toScoreMetric(metric, min)

    Metric:        "Empathy" (6650f0b10000000000000001), numerical from 0 to 10
    Judged on:     conversation 6650f0c10000000000000002, interaction 6650f0a10000000000000008
    Expected:      value >= 7
    Received:      0
    Justification: The agent answered "reinstall the app"
                   and never acknowledged the frustration.
    References:    6650f0e10000000000000021, 6650f0e10000000000000023
    Verdict from:  2025-06-01T10:00:00.000Z (judged in this run)"
  `)
})

test('.not, a categorical metric, a cached verdict', () => {
  const negated: AssertionContext = {
    ...context,
    matcher: 'toHaveMetricCategory',
    expectedArgs: 'metric, expected',
    isNot: true,
    conversation: { conversationId: '6650f0c10000000000000002', interactionId: null },
    criterion: { type: 'categorical', expected_values: ['negative', 'neutral'] },
  }
  const cached = {
    ...verdict,
    metric: sentiment,
    value: 'negative',
    references: [],
    source: 'cache' as const,
  }
  expect(
    plain(formatJudgement(negated, cached, { allowNotApplicable: false }, utils)),
  ).toMatchInlineSnapshot(`
    "expect(conversation).not.toHaveMetricCategory(metric, expected)

    Metric:        "Customer sentiment" (6650f0b10000000000000005), categorical: "positive", "neutral", "negative"
    Judged on:     conversation 6650f0c10000000000000002 (whole conversation)
    Expected:      not value is one of "negative", "neutral"
    Received:      "negative"
    Justification: The agent answered "reinstall the app"
                   and never acknowledged the frustration.
    References:    (none)
    Verdict from:  2025-06-01T10:00:00.000Z (from the cache)"
  `)
})

test('a null value says plainly that the metric did not apply, and how to accept that', () => {
  const message = plain(
    formatJudgement(context, { ...verdict, value: null }, { allowNotApplicable: false }, utils),
  )
  expect(message).toContain(
    'Received:      null (not applicable: the judge found this metric does not apply to this conversation; pass { allowNotApplicable: true } to accept that)',
  )
})

test('an evaluation failure names the reason, the metric and the conversation', () => {
  const message = formatEvaluationFailure(
    context,
    empathy,
    'vitest-amigo: no cached verdict; the cache mode is "replay"',
    utils,
  )
  expect(plain(message)).toMatchInlineSnapshot(`
    "expect(conversation).toScoreMetric(metric, min)

    Could not evaluate the metric: vitest-amigo: no cached verdict; the cache mode is "replay"

    Metric:        "Empathy" (6650f0b10000000000000001), numerical from 0 to 10
    Judged on:     conversation 6650f0c10000000000000002, interaction 6650f0a10000000000000008
    Expected:      value >= 7"
  `)
})
