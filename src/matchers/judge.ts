/**
 * What every metric matcher does: check the input (synchronously, before any network call, so errors point
 * at the user's line), look up the metric's definition and check the criterion against it, get the verdict
 * from the evaluation service (afresh when Vitest retries the test), record the judged assertion on the
 * test for the reporter, and answer pass/fail with a message.
 */
import type { MatcherResult, MatcherState } from 'vitest'
import { toConversation } from '../conversation.js'
import type { EvaluationBackend } from '../service/types.js'
import type { MatcherName, MetricDefinition, SuccessCriterion } from '../types.js'
import { assertionRecord, verdictRecord } from './assertion-record.js'
import { getBackend } from './backend.js'
import { atCallSite, type CallSite, captureCallSite, checkAtCallSite } from './call-site.js'
import { checkCriterionFitsMetric, criterionHolds } from './criterion.js'
import { AmigoEvaluationError, AmigoUsageError } from './errors.js'
import { type AssertionContext, formatEvaluationFailure, formatJudgement } from './message.js'
import { checkMetricRef } from './metric-ref.js'
import { type ResolvedMatcherOptions, resolveMatcherOptions } from './options.js'
import { currentTest, isRetry, recordJudgedAssertion } from './task-record.js'

/** The outcome Vitest expects from an async matcher. */
export type AsyncMatcherResult = Promise<Awaited<MatcherResult>>

/** One matcher call, as the matcher's own file describes it. */
export interface MatcherCall {
  readonly matcher: MatcherName
  /** The argument names for the hint line, e.g. `metric, min`. */
  readonly expectedArgs: string
  readonly received: unknown
  readonly metric: unknown
  /** Reads the criterion from the matcher's arguments; throws `AmigoUsageError` on bad input. */
  readonly criterion: () => SuccessCriterion
  readonly options: unknown
}

interface CheckedCall {
  readonly context: AssertionContext
  readonly metricRef: string
  readonly options: ResolvedMatcherOptions
}

// biome-ignore lint/complexity/noBannedTypes: the matcher function Vitest called, whatever its signature.
type MatcherFunction = Function

/**
 * Runs a metric matcher. Bad input throws synchronously; `matcherFunction` is the function registered with
 * `expect.extend`, so that stacks start at the user's `expect(...)` line.
 */
export function judge(
  state: MatcherState,
  matcherFunction: MatcherFunction,
  call: MatcherCall,
): AsyncMatcherResult {
  const site = captureCallSite(matcherFunction)
  const checked = checkAtCallSite(site, (): CheckedCall => {
    // Used as an asymmetric matcher (`expect.toScoreMetric(...)` inside `toEqual`), Vitest reads `pass`
    // synchronously and would ignore the promise: refuse instead of failing silently.
    if ((state as Partial<MatcherState>).assertion === undefined) {
      throw new AmigoUsageError(
        `${call.matcher} is async and cannot be used as an asymmetric matcher: write \`await expect(conversation).${call.matcher}(...)\``,
      )
    }
    const conversation = toConversation(call.received, call.matcher)
    const metricRef = checkMetricRef(call.metric, call.matcher)
    const criterion = call.criterion()
    const options = resolveMatcherOptions(call.options, call.matcher)
    return {
      // `isNot` is `undefined` rather than `false` without `.not` (Vitest reads a chai flag).
      context: {
        ...call,
        isNot: state.isNot === true,
        promise: state.promise ?? '',
        conversation,
        criterion,
      },
      metricRef,
      options,
    }
  })
  return judgeChecked(state, site, checked)
}

async function judgeChecked(state: MatcherState, site: CallSite, checked: CheckedCall): AsyncMatcherResult {
  const { context, options } = checked
  const backend = await getBackend()
  const metric = await describeMetric(backend, site, checked)
  checkAtCallSite(site, () => checkCriterionFitsMetric(context.matcher, context.criterion, metric))
  const test = currentTest(state)
  const [outcome] = await backend.evaluate({
    conversation: context.conversation,
    metrics: [metric.id],
    fresh: isRetry(test),
  })
  const fail = (reason: string, code: string, organization = ''): never => {
    recordJudgedAssertion(test, {
      ...assertionRecord(context, metric, organization),
      passed: false,
      error: reason,
    })
    throw atCallSite(
      new AmigoEvaluationError(formatEvaluationFailure(context, metric, reason, state.utils), code),
      site,
    )
  }
  if (outcome === undefined) return fail('the evaluation service gave no outcome', 'AMIGO_ERROR')
  if (!outcome.ok) return fail(outcome.failure.message, outcome.failure.code, outcome.failure.organization)
  const result = outcome.value
  let pass: boolean
  try {
    // A not-applicable value passes (when allowed) or fails (otherwise) whether or not `.not` is used.
    pass =
      result.value === null
        ? options.allowNotApplicable !== context.isNot
        : criterionHolds(context.criterion, result.value)
  } catch (error) {
    return fail(
      error instanceof Error ? error.message : String(error),
      'AMIGO_BAD_VALUE',
      result.organization,
    )
  }
  recordJudgedAssertion(test, {
    ...assertionRecord(context, result.metric, result.organization),
    ...verdictRecord(result),
    passed: pass !== context.isNot,
  })
  return { pass, message: () => formatJudgement(context, result, options, state.utils) }
}

async function describeMetric(
  backend: EvaluationBackend,
  site: CallSite,
  checked: CheckedCall,
): Promise<MetricDefinition> {
  const [described] = await backend.describe([checked.metricRef], checked.context.conversation)
  if (described?.ok) return described.value
  const failure = described?.failure ?? {
    code: 'AMIGO_ERROR',
    message: 'the evaluation service gave no outcome',
  }
  throw atCallSite(
    new AmigoEvaluationError(`${checked.context.matcher}: ${failure.message}`, failure.code),
    site,
  )
}
