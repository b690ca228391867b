/**
 * Failure messages of the matchers, laid out so that one glance tells what happened: the metric (name,
 * ID, type, bounds or categories), the conversation and interaction, the value against the criterion, the
 * judge's justification and the messages it relied on.
 */
import type { MatcherState } from 'vitest'
import { showValue } from '../internal/show-value.js'
import { describeConversation, describeMetric as metricLabel } from '../service/failures.js'
import type {
  ConversationRef,
  EvaluatedMetric,
  MatcherName,
  MetricDefinition,
  SuccessCriterion,
} from '../types.js'
import { describeCriterion } from './criterion.js'

/** The parts of `this.utils` the messages use. */
export type MessageUtils = Pick<MatcherState['utils'], 'matcherHint' | 'printReceived' | 'EXPECTED_COLOR'>

/** What every message shows about the assertion, whether it was judged or not. */
export interface AssertionContext {
  readonly matcher: MatcherName
  /** The matcher's argument names for the hint line, e.g. `metric, min`. */
  readonly expectedArgs: string
  readonly isNot: boolean
  /** `this.promise` (`resolves`/`rejects`), usually empty. */
  readonly promise: string
  readonly conversation: ConversationRef
  readonly criterion: SuccessCriterion
}

const LABEL_WIDTH = 15

function line(label: string, text: string): string {
  return `${`${label}:`.padEnd(LABEL_WIDTH)}${text.replaceAll('\n', `\n${' '.repeat(LABEL_WIDTH)}`)}`
}

/** `"Empathy" (<id>), numerical from 0 to 10` and the like. */
function describeDefinition(metric: MetricDefinition): string {
  const label = metricLabel(metric)
  if (metric.type === 'numerical' && metric.lowerBound !== undefined && metric.upperBound !== undefined) {
    return `${label}, numerical from ${metric.lowerBound} to ${metric.upperBound}`
  }
  if (metric.type === 'categorical' && metric.categories !== undefined) {
    return `${label}, categorical: ${metric.categories.map(showValue).join(', ')}`
  }
  return `${label}, ${metric.type}`
}

function header(context: AssertionContext, utils: MessageUtils): string {
  return utils.matcherHint(context.matcher, 'conversation', context.expectedArgs, {
    isNot: context.isNot,
    promise: context.promise,
  })
}

function expectedLine(context: AssertionContext, utils: MessageUtils): string {
  return line(
    'Expected',
    `${context.isNot ? 'not ' : ''}${utils.EXPECTED_COLOR(describeCriterion(context.criterion))}`,
  )
}

/** The message of a judged assertion that failed (or, under `.not`, passed). */
export function formatJudgement(
  context: AssertionContext,
  result: EvaluatedMetric,
  options: { readonly allowNotApplicable: boolean },
  utils: MessageUtils,
): string {
  const received =
    result.value === null
      ? `${utils.printReceived(null)} (not applicable: the judge found this metric does not apply to this conversation${options.allowNotApplicable ? '' : '; pass { allowNotApplicable: true } to accept that'})`
      : utils.printReceived(result.value)
  const judged = `${result.judgedAt} (${result.source === 'cache' ? 'from the cache' : 'judged in this run'})`
  return [
    header(context, utils),
    '',
    line('Metric', describeDefinition(result.metric)),
    line('Judged on', describeConversation(context.conversation)),
    expectedLine(context, utils),
    line('Received', received),
    line('Justification', result.justification || '(none given)'),
    line('References', result.references.length > 0 ? result.references.join(', ') : '(none)'),
    line('Verdict from', judged),
  ].join('\n')
}

/** The message of an assertion that could not be judged (API failure, replay miss, ...). */
export function formatEvaluationFailure(
  context: AssertionContext,
  metric: MetricDefinition,
  reason: string,
  utils: MessageUtils,
): string {
  return [
    header(context, utils),
    '',
    `Could not evaluate the metric: ${reason}`,
    '',
    line('Metric', describeDefinition(metric)),
    line('Judged on', describeConversation(context.conversation)),
    expectedLine(context, utils),
  ].join('\n')
}
