/**
 * The simulator's judge: deterministic, explains itself. The same metric definition and messages always
 * give the same value, justification and references; the references are IDs of the given messages.
 */
import type { MetricResultValue, MetricValue } from '../../client/schemas.js'
import type { FixtureMessage } from '../fixtures.js'
import type { Assessment } from './criterion.js'
import { type MetricText, selectCriterion } from './select-criterion.js'

/** The metric as the judge sees it: its definition and value type. */
export interface JudgedMetric extends MetricText {
  readonly metric_value: MetricValue
}

export interface Verdict {
  readonly value: MetricResultValue
  readonly justification: string
  /** IDs of the messages relied on, in conversation order, without repeats. */
  readonly references: string[]
}

function onScale(score: number, lower: number, upper: number): number {
  const raw = lower + score * (upper - lower)
  const rounded =
    Number.isInteger(lower) && Number.isInteger(upper) ? Math.round(raw) : Math.round(raw * 100) / 100
  return Math.min(upper, Math.max(lower, rounded))
}

function describe(value: MetricResultValue, metricValue: MetricValue): string {
  if (value === null) return 'Not applicable.'
  if (metricValue.type === 'numerical') {
    return `Score: ${value} on a scale from ${metricValue.lower_bound} to ${metricValue.upper_bound}.`
  }
  return metricValue.type === 'boolean' ? `Verdict: ${value}.` : `Category: ${value}.`
}

function toVerdict<T>(
  assessment: Assessment<T>,
  value: MetricResultValue,
  metricValue: MetricValue,
  messages: readonly FixtureMessage[],
): Verdict {
  const relied = new Set(assessment.evidence.map((m) => m.message.id))
  return {
    value,
    justification: `${assessment.reason} ${describe(value, metricValue)}`,
    references: messages.filter((m) => relied.has(m.id)).map((m) => m.id),
  }
}

/** Judges `messages` (a conversation up to some interaction) against `metric`. */
export function judgeMetric(metric: JudgedMetric, messages: readonly FixtureMessage[]): Verdict {
  const metricValue = metric.metric_value
  const criterion = selectCriterion(metricValue.type, metric)
  if (criterion.kind === 'label') {
    const categories = metricValue.type === 'categorical' ? metricValue.categories : []
    const assessment = criterion.assess(messages, categories)
    return toVerdict(assessment, assessment.result, metricValue, messages)
  }
  const assessment = criterion.assess(messages)
  const score = assessment.result
  let value: MetricResultValue = null
  if (score !== null) {
    value =
      metricValue.type === 'numerical'
        ? onScale(score, metricValue.lower_bound, metricValue.upper_bound)
        : score >= 0.5
  }
  return toVerdict(assessment, value, metricValue, messages)
}
