/**
 * The shapes of the judge's criteria. A metric is judged by the criterion its name and description
 * point at: a scale criterion gives a score in [0, 1] (mapped onto a numerical metric's bounds, or onto
 * a boolean), a label criterion picks one of a categorical metric's categories. Either may find the
 * metric not applicable to the conversation (`null`).
 */
import type { FixtureMessage } from '../fixtures.js'
import type { Match } from './text.js'

/** What a criterion concluded, why, and from which messages. */
export interface Assessment<T> {
  /** `null` when the metric does not apply to the conversation so far. */
  readonly result: T | null
  /** One or two sentences that quote or paraphrase the messages relied on. */
  readonly reason: string
  /** The messages relied on (the judge's references). */
  readonly evidence: readonly Match[]
}

/** The assessment of a metric that does not apply to the conversation so far, and why. */
export const notApplicable = <T>(reason: string): Assessment<T> => ({ result: null, reason, evidence: [] })

interface CriterionBase {
  readonly name: string
  /** Lowercase substrings of a metric's name and description that point at this criterion. */
  readonly keywords: readonly string[]
}

/** Judges for numerical and boolean metrics: a score from 0 (worst) to 1 (best). */
export interface ScaleCriterion extends CriterionBase {
  readonly kind: 'scale'
  assess(messages: readonly FixtureMessage[]): Assessment<number>
}

/** Judges for categorical metrics: one of the metric's categories. */
export interface LabelCriterion extends CriterionBase {
  readonly kind: 'label'
  assess(messages: readonly FixtureMessage[], categories: readonly string[]): Assessment<string>
}

export type Criterion = ScaleCriterion | LabelCriterion
