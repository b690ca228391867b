/** The metric matchers, unregistered: `expect.extend(matchers)` (the `setup` entry does it for you). */
export { toHaveMetricCategory } from './to-have-metric-category.js'
export { toPassMetric } from './to-pass-metric.js'
export { toSatisfyMetric } from './to-satisfy-metric.js'
export { toScoreMetric } from './to-score-metric.js'
