/**
 * Gates: bounds on each metric's figures (pass rate, mean, drop against the baseline), checked at the
 * end of the run over all judged assertions. Each checked bound gives one result with a one-line message.
 */
import { formatMetric, formatNumber, formatPercent, formatPoints } from './format.js'
import type { GateOptions } from './options.js'
import type { GateResult, MetricDelta, MetricSummary } from './report-schema.js'

/** A gate key that applies to every metric of the run. */
const ALL_METRICS = '*'

/** Floating-point slack, so `0.8 - 0.7` is not a drop larger than `0.1`. */
const EPSILON = 1e-9

type Bound = keyof GateOptions

interface Measurement {
  /** The figure, or why there is none. */
  readonly figure: number | string
  readonly label: string
  readonly show: (value: number) => string
}

const rateLabel = { label: 'pass rate', show: formatPercent }

function measure(bound: Bound, metric: MetricSummary, delta: MetricDelta | undefined): Measurement {
  switch (bound) {
    case 'minPassRate':
      return { figure: metric.passRate, ...rateLabel }
    case 'minMean':
      return {
        figure:
          metric.metricType !== 'numerical'
            ? `minMean applies to numerical metrics only; this one is ${metric.metricType}`
            : (metric.numerical?.mean ?? 'no numeric values to average'),
        label: 'mean',
        show: formatNumber,
      }
    case 'maxDrop':
      return {
        figure: delta?.passRate ? -delta.passRate.change : 'not in the baseline',
        label: 'pass-rate drop vs baseline',
        show: (value) => formatPoints(value).replace(/^[+±]/, ''),
      }
    case 'maxMeanDrop':
      return {
        figure: delta?.mean ? -delta.mean.change : 'no mean in both this run and the baseline',
        label: 'mean drop vs baseline',
        show: formatNumber,
      }
  }
}

const isMinimum = (bound: Bound): boolean => bound === 'minPassRate' || bound === 'minMean'

function check(
  key: string,
  bound: Bound,
  limit: number,
  metric: MetricSummary,
  delta?: MetricDelta,
): GateResult {
  const { figure, label, show } = measure(bound, metric, delta)
  const subject = `gate ${bound} on ${formatMetric(metric)}`
  const base = { key, bound, metricId: metric.metricId, metricName: metric.metricName, limit }
  if (typeof figure === 'string') {
    // A drop cannot be measured for a metric new since the baseline: nothing regressed.
    const passed = bound === 'maxDrop' || bound === 'maxMeanDrop'
    return { ...base, figure: null, passed, message: `${subject}: ${figure}` }
  }
  const passed = isMinimum(bound) ? figure >= limit - EPSILON : figure <= limit + EPSILON
  const relation = isMinimum(bound) ? (passed ? '>=' : '<') : passed ? '<=' : '>'
  return {
    ...base,
    figure,
    passed,
    message: `${subject}: ${label} ${show(figure)} ${relation} ${show(limit)}`,
  }
}

function appliesTo(key: string, bound: Bound, metric: MetricSummary): boolean {
  if (key !== ALL_METRICS) return metric.metricId === key || metric.metricName === key
  return bound === 'minPassRate' || bound === 'maxDrop' || metric.metricType === 'numerical'
}

/**
 * Checks every configured bound against the run's metrics. A key that names no metric of the run fails
 * (it catches typos and metrics that were not asserted), except `*`.
 */
export function checkGates(
  gates: ReadonlyMap<string, GateOptions>,
  metrics: readonly MetricSummary[],
  deltas: readonly MetricDelta[] = [],
): GateResult[] {
  const deltaOf = new Map(deltas.map((delta) => [delta.metricId, delta]))
  const results: GateResult[] = []
  for (const [key, gate] of gates) {
    for (const [bound, limit] of Object.entries(gate) as [Bound, number | undefined][]) {
      if (limit === undefined) continue
      const matching = metrics.filter((metric) => appliesTo(key, bound, metric))
      if (matching.length === 0 && key !== ALL_METRICS) {
        const message = `gate ${bound} on ${JSON.stringify(key)}: no judged assertions of this metric in the run`
        results.push({ key, bound, figure: null, limit, passed: false, message })
      }
      for (const metric of matching)
        results.push(check(key, bound, limit, metric, deltaOf.get(metric.metricId)))
    }
  }
  return results
}
