import type { MatcherState } from 'vitest'
import { parseCriterion } from './criterion.js'
import { type AsyncMatcherResult, judge } from './judge.js'

/**
 * `toSatisfyMetric(metric, criterion, options?)`: the metric's value meets one of Amigo's success-criterion
 * forms, `{ verb, threshold }`, `{ expected_value }` or `{ expected_values }` (`type` optional).
 */
export function toSatisfyMetric(
  this: MatcherState,
  received: unknown,
  metric: unknown,
  criterion: unknown,
  options?: unknown,
): AsyncMatcherResult {
  return judge(this, toSatisfyMetric, {
    matcher: 'toSatisfyMetric',
    expectedArgs: 'metric, criterion',
    received,
    metric,
    criterion: () => parseCriterion(criterion, 'toSatisfyMetric'),
    options,
  })
}
