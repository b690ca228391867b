import type { MatcherState } from 'vitest'
import { type AsyncMatcherResult, judge } from './judge.js'

/** `toPassMetric(metric, options?)`: a boolean metric's value is `true`. */
export function toPassMetric(
  this: MatcherState,
  received: unknown,
  metric: unknown,
  options?: unknown,
): AsyncMatcherResult {
  return judge(this, toPassMetric, {
    matcher: 'toPassMetric',
    expectedArgs: 'metric',
    received,
    metric,
    criterion: () => ({ type: 'boolean', expected_value: true }),
    options,
  })
}
