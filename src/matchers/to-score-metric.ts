import type { MatcherState } from 'vitest'
import { numericalCriterion } from './criterion.js'
import { type AsyncMatcherResult, judge } from './judge.js'

/** `toScoreMetric(metric, min, options?)`: a numerical metric's value is at least `min`. */
export function toScoreMetric(
  this: MatcherState,
  received: unknown,
  metric: unknown,
  min: unknown,
  options?: unknown,
): AsyncMatcherResult {
  return judge(this, toScoreMetric, {
    matcher: 'toScoreMetric',
    expectedArgs: 'metric, min',
    received,
    metric,
    criterion: () => numericalCriterion('>=', min, 'toScoreMetric'),
    options,
  })
}
