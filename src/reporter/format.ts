/**
 * Plain-text formatting of figures, values and criteria, shared by the terminal, Markdown and gate
 * messages so they all say the same thing the same way.
 */
import { describeCriterion } from '../matchers/criterion.js'
import { describeConversation, describeMetric } from '../service/failures.js'
import type {
  GateResult,
  MetricDelta,
  MetricSummary,
  ReportedAssertion,
  ServiceFigures,
} from './report-schema.js'

/** `1 gate`, `2 gates`. */
export const count = (n: number, noun: string, plural = `${noun}s`): string =>
  `${n} ${n === 1 ? noun : plural}`

/** `0.755` -> `75.5%`. */
export const formatPercent = (rate: number): string => `${(rate * 100).toFixed(1)}%`

/** At most two decimals, no trailing zeros: `6.5`, `7`, `6.67`. */
export const formatNumber = (value: number): string => String(Number(value.toFixed(2)))

/** A signed change: `+0.5`, `-1.25`, `±0`. */
const formatSigned = (value: number, format: (value: number) => string = formatNumber): string => {
  if (format(Math.abs(value)) === format(0)) return `±${format(0)}`
  return value > 0 ? `+${format(value)}` : `-${format(-value)}`
}

/** A change of a rate in percentage points: `-12.5 pp`. */
export const formatPoints = (change: number): string =>
  `${formatSigned(change * 100, (value) => value.toFixed(1))} pp`

/** Milliseconds as seconds: `12.3s`. */
export const formatSeconds = (ms: number): string => `${(ms / 1000).toFixed(1)}s`

/** A judged value as the judge gave it; `null` is "n/a" (not applicable). */
export function formatValue(value: ReportedAssertion['value']): string {
  if (value === null) return 'n/a (not applicable)'
  if (typeof value === 'string') return JSON.stringify(value)
  return String(value)
}

/** What the value was expected to be, after `.not`: `value >= 7`, `not value is true`. */
export function formatCriterion(assertion: Pick<ReportedAssertion, 'criterion' | 'negated'>): string {
  return `${assertion.negated ? 'not ' : ''}${describeCriterion(assertion.criterion)}`
}

/** `conversation <id>, interaction <id>` or `conversation <id> (whole conversation)`. */
export const formatConversation = (
  assertion: Pick<ReportedAssertion, 'conversationId' | 'interactionId'>,
): string => describeConversation(assertion)

/** `"Empathy" (661879aa75130b73714e8d3f)`. */
export const formatMetric = (metric: { readonly metricId: string; readonly metricName: string }): string =>
  describeMetric({ id: metric.metricId, name: metric.metricName })

/** A metric's values in short: `mean 6.5, min 4, max 9`, `true 2, false 0`, `positive 1, neutral 0`. */
export function formatMetricFigures(metric: MetricSummary): string {
  if (metric.numerical) {
    const { mean, min, max } = metric.numerical
    return `mean ${formatNumber(mean)}, min ${formatNumber(min)}, max ${formatNumber(max)}`
  }
  const counts = Object.entries(metric.counts ?? {}).map(([key, count]) => `${key} ${count}`)
  return counts.length > 0 ? counts.join(', ') : '-'
}

/** A metric's change against the baseline: `-12.5 pp, mean +0.5`, `new`, `removed`. */
export function formatDelta(delta: MetricDelta): string {
  if (delta.status !== 'compared') return delta.status
  const parts = delta.passRate ? [formatPoints(delta.passRate.change)] : []
  if (delta.mean) parts.push(`mean ${formatSigned(delta.mean.change)}`)
  return parts.join(', ')
}

/** The service's figures in one line. */
export function formatServiceFigures(service: ServiceFigures): string {
  if (service.source === 'records') {
    return `${service.fresh} judged fresh, ${service.cached} from cache (from the records; no service in this run)`
  }
  const s = service.stats
  return [
    `${count(s.evaluateCalls, 'evaluate call')} (${s.batchedCalls} batched)`,
    count(s.cacheHits, 'cache hit'),
    `${s.cacheMisses} judged fresh`,
    `${s.deduplicated} deduplicated`,
    count(s.definitionCalls, 'definition look-up'),
    count(s.retries, 'retry', 'retries'),
    `${formatSeconds(s.rateLimitWaitMs)} waiting on rate limits`,
  ].join(', ')
}

/** The gates' verdict in one line. */
export function formatGateVerdict(gates: readonly GateResult[]): string {
  const failed = gates.filter((gate) => !gate.passed).length
  if (failed > 0) return `${failed} of ${count(gates.length, 'gate')} failed: the run fails`
  return gates.length === 1 ? 'the gate passed' : `all ${gates.length} gates passed`
}
