import type { MatcherState } from 'vitest'
import { checkCategories } from './criterion.js'
import { type AsyncMatcherResult, judge } from './judge.js'

/** `toHaveMetricCategory(metric, expected, options?)`: a categorical metric's value is (one of) `expected`. */
export function toHaveMetricCategory(
  this: MatcherState,
  received: unknown,
  metric: unknown,
  expected: unknown,
  options?: unknown,
): AsyncMatcherResult {
  return judge(this, toHaveMetricCategory, {
    matcher: 'toHaveMetricCategory',
    expectedArgs: 'metric, expected',
    received,
    metric,
    criterion: () => ({
      type: 'categorical',
      expected_values: checkCategories(expected, 'toHaveMetricCategory'),
    }),
    options,
  })
}
