/**
 * Picks the criterion a metric is judged by, from its description and additional notes (weighted
 * double, as they define the metric) and its name: the built-in criterion whose keywords occur most, else the fallback. So an edited
 * description can change how a metric is judged.
 */
import type { MetricType } from '../../client/schemas.js'
import { escalation, identityVerification, safeHealthAdvice } from './check-criteria.js'
import type { Criterion, LabelCriterion, ScaleCriterion } from './criterion.js'
import { keywordCriterion } from './keyword-criterion.js'
import { mentionedCategory, sentiment, topic } from './label-criteria.js'
import { actionability, empathy, resolution } from './scale-criteria.js'
import { countCue } from './text.js'

const SCALE_CRITERIA: readonly ScaleCriterion[] = [
  empathy,
  resolution,
  escalation,
  identityVerification,
  safeHealthAdvice,
  actionability,
]
const LABEL_CRITERIA: readonly LabelCriterion[] = [sentiment, topic]

/** The parts of a metric's definition the judge reads. */
export interface MetricText {
  readonly name: string
  readonly description: string
  readonly additional_notes: string | null
}

function best<C extends Criterion>(criteria: readonly C[], metric: MetricText): C | undefined {
  const body = `${metric.description} ${metric.additional_notes ?? ''}`
  let winner: { criterion: C; score: number } | undefined
  for (const criterion of criteria) {
    const score = criterion.keywords.reduce(
      (sum, keyword) => sum + countCue(metric.name, keyword) + 2 * countCue(body, keyword),
      0,
    )
    if (score > 0 && (winner === undefined || score > winner.score)) winner = { criterion, score }
  }
  return winner?.criterion
}

export function selectCriterion(type: MetricType, metric: MetricText): Criterion {
  if (type === 'categorical') return best(LABEL_CRITERIA, metric) ?? mentionedCategory
  return best(SCALE_CRITERIA, metric) ?? keywordCriterion(`${metric.name} ${metric.description}`)
}
