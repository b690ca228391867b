/**
 * The judged-assertion record (`JudgedAssertion`) of a verdict held to a criterion, field by field: built by
 * the matchers for `task.meta.amigo`, and by `vitest-amigo evaluate` to print a verdict as the reporter does.
 */
import type {
  ConversationRef,
  EvaluatedMetric,
  JudgedAssertion,
  MatcherName,
  MetricDefinition,
  MetricDescriptor,
  SuccessCriterion,
} from '../types.js'

/** The assertion as written: the matcher, whether with `.not`, the conversation and the criterion. */
export interface WrittenAssertion {
  readonly matcher: MatcherName
  readonly isNot: boolean
  readonly conversation: ConversationRef
  readonly criterion: SuccessCriterion
}

/** How a record names `metric`. */
export function metricDescriptor(metric: MetricDefinition): MetricDescriptor {
  return {
    metricId: metric.id,
    metricName: metric.name,
    metricType: metric.type,
    lowerBound: metric.lowerBound,
    upperBound: metric.upperBound,
    categories: metric.categories,
  }
}

/** The fields of a judged-assertion record known before the verdict (`organization` is `''` when unknown). */
export function assertionRecord(
  assertion: WrittenAssertion,
  metric: MetricDefinition,
  organization: string,
): Omit<JudgedAssertion, 'passed'> {
  return {
    matcher: assertion.matcher,
    negated: assertion.isNot,
    organization,
    conversationId: assertion.conversation.conversationId,
    interactionId: assertion.conversation.interactionId,
    ...metricDescriptor(metric),
    criterion: assertion.criterion,
  }
}

/** The fields of a judged-assertion record that come from the verdict. */
export function verdictRecord(
  verdict: EvaluatedMetric,
): Pick<JudgedAssertion, 'value' | 'justification' | 'references' | 'source' | 'judgedAt'> {
  return {
    value: verdict.value,
    justification: verdict.justification,
    references: verdict.references,
    source: verdict.source,
    judgedAt: verdict.judgedAt,
  }
}
