/**
 * Amigo's success criteria (as in its simulation unit tests): reading them from user input, checking
 * them against a metric's definition, and holding a judged value to them. Pure; no Vitest, no network.
 */
import { showValue } from '../internal/show-value.js'
import { describeMetric as metricLabel } from '../service/failures.js'
import type {
  MatcherName,
  MetricDefinition,
  MetricResultValue,
  MetricType,
  NumericalVerb,
  SuccessCriterion,
} from '../types.js'
import { AmigoUsageError } from './errors.js'

/** A success criterion as users write it for `toSatisfyMetric`: `type` may be left out. */
export type SuccessCriterionInput =
  | { readonly type?: 'numerical' | undefined; readonly verb: NumericalVerb; readonly threshold: number }
  | { readonly type?: 'boolean' | undefined; readonly expected_value: boolean }
  | { readonly type?: 'categorical' | undefined; readonly expected_values: readonly string[] }

export const NUMERICAL_VERBS: readonly NumericalVerb[] = ['==', '!=', '<=', '<', '>=', '>']

const CRITERION_FORMS =
  '{ verb: ">=" | ">" | "<=" | "<" | "==" | "!=", threshold: number }, { expected_value: boolean } or { expected_values: string[] }'

/** The matcher that fits each metric type, for "use X instead" hints. */
const MATCHER_FOR_TYPE: Record<MetricType, MatcherName> = {
  numerical: 'toScoreMetric',
  boolean: 'toPassMetric',
  categorical: 'toHaveMetricCategory',
}

/** Returns `threshold` when it is a finite number, else throws naming the value. */
export function checkThreshold(threshold: unknown, where: string): number {
  if (typeof threshold === 'number' && Number.isFinite(threshold)) return threshold
  throw new AmigoUsageError(`${where}: the threshold must be a finite number, got ${showValue(threshold)}`)
}

/** Returns the expected categories (one or a non-empty list of non-empty strings) as a list. */
export function checkCategories(expected: unknown, where: string): readonly string[] {
  const list = typeof expected === 'string' ? [expected] : expected
  const valid =
    Array.isArray(list) &&
    list.length > 0 &&
    list.every((category: unknown) => typeof category === 'string' && category !== '')
  if (valid) return list as readonly string[]
  throw new AmigoUsageError(
    `${where}: the expected category must be a non-empty string or a non-empty array of them, got ${showValue(expected)}`,
  )
}

/** `{ verb, threshold }` with both checked. */
export function numericalCriterion(verb: unknown, threshold: unknown, where: string): SuccessCriterion {
  if (!NUMERICAL_VERBS.includes(verb as NumericalVerb)) {
    throw new AmigoUsageError(
      `${where}: the verb must be one of ${NUMERICAL_VERBS.map((v) => `"${v}"`).join(', ')}, got ${showValue(verb)}`,
    )
  }
  return { type: 'numerical', verb: verb as NumericalVerb, threshold: checkThreshold(threshold, where) }
}

function formOf(fields: Record<string, unknown>): MetricType | undefined {
  if ('verb' in fields || 'threshold' in fields) return 'numerical'
  if ('expected_value' in fields) return 'boolean'
  if ('expected_values' in fields) return 'categorical'
  return undefined
}

/** Reads a `toSatisfyMetric` criterion in any of Amigo's three forms, `type` optional but consistent. */
export function parseCriterion(input: unknown, where: string): SuccessCriterion {
  const fields = input !== null && typeof input === 'object' ? (input as Record<string, unknown>) : undefined
  const form = fields === undefined ? undefined : formOf(fields)
  if (fields === undefined || form === undefined) {
    throw new AmigoUsageError(
      `${where}: the criterion must be one of ${CRITERION_FORMS}, got ${showValue(input)}`,
    )
  }
  if (fields.type !== undefined && fields.type !== form) {
    throw new AmigoUsageError(
      `${where}: the criterion says type ${showValue(fields.type)} but has the fields of a ${form} criterion: ${showValue(input)}`,
    )
  }
  switch (form) {
    case 'numerical':
      return numericalCriterion(fields.verb, fields.threshold, where)
    case 'boolean':
      if (typeof fields.expected_value !== 'boolean') {
        throw new AmigoUsageError(
          `${where}: expected_value must be true or false, got ${showValue(fields.expected_value)}`,
        )
      }
      return { type: 'boolean', expected_value: fields.expected_value }
    case 'categorical':
      return { type: 'categorical', expected_values: checkCategories(fields.expected_values, where) }
  }
}

/**
 * Checks a criterion against the metric it will be held to: the same type, a threshold within the
 * numerical bounds, categories the metric has. Throws an {@link AmigoUsageError} that names the metric,
 * its type and what to write instead.
 */
export function checkCriterionFitsMetric(
  matcher: MatcherName,
  criterion: SuccessCriterion,
  metric: MetricDefinition,
): void {
  const label = metricLabel(metric)
  if (metric.isDeleted) throw new AmigoUsageError(`${matcher}: metric ${label} is deleted`)
  if (criterion.type !== metric.type) {
    const hint =
      matcher === 'toSatisfyMetric'
        ? `give a ${metric.type} criterion (${CRITERION_FORMS})`
        : `use ${MATCHER_FOR_TYPE[metric.type]} (or toSatisfyMetric with a ${metric.type} criterion)`
    throw new AmigoUsageError(
      `${matcher} needs a ${criterion.type} metric, but metric ${label} is ${metric.type}: ${hint}`,
    )
  }
  if (criterion.type === 'numerical' && metric.lowerBound !== undefined && metric.upperBound !== undefined) {
    const { lowerBound, upperBound } = metric
    if (criterion.threshold < lowerBound || criterion.threshold > upperBound) {
      throw new AmigoUsageError(
        `${matcher}: the threshold ${criterion.threshold} is outside the bounds of metric ${label}, which scores from ${lowerBound} to ${upperBound}`,
      )
    }
  }
  if (criterion.type === 'categorical' && metric.categories !== undefined) {
    const known = metric.categories
    const unknown = criterion.expected_values.filter((category) => !known.includes(category))
    if (unknown.length > 0) {
      throw new AmigoUsageError(
        `${matcher}: metric ${label} has no categor${unknown.length === 1 ? 'y' : 'ies'} ${unknown.map(showValue).join(', ')}; its categories are ${known.map(showValue).join(', ')}`,
      )
    }
  }
}

function compare(value: number, verb: NumericalVerb, threshold: number): boolean {
  switch (verb) {
    case '==':
      return value === threshold
    case '!=':
      return value !== threshold
    case '<=':
      return value <= threshold
    case '<':
      return value < threshold
    case '>=':
      return value >= threshold
    case '>':
      return value > threshold
  }
}

/**
 * Whether a judged (non-null) value meets the criterion. A value of the wrong kind for the criterion
 * (the API answering a string for a numerical metric, say) throws: that is no verdict.
 */
export function criterionHolds(
  criterion: SuccessCriterion,
  value: Exclude<MetricResultValue, null>,
): boolean {
  const expectedKind = { numerical: 'number', boolean: 'boolean', categorical: 'string' }[criterion.type]
  if (typeof value !== expectedKind) {
    throw new Error(
      `the judge answered ${showValue(value)} for a ${criterion.type} metric (expected a ${expectedKind})`,
    )
  }
  switch (criterion.type) {
    case 'numerical':
      return compare(value as number, criterion.verb, criterion.threshold)
    case 'boolean':
      return value === criterion.expected_value
    case 'categorical':
      return criterion.expected_values.includes(value as string)
  }
}

/** The criterion in words, for messages: `value >= 7`, `value is true`, `value is one of "a", "b"`. */
export function describeCriterion(criterion: SuccessCriterion): string {
  switch (criterion.type) {
    case 'numerical':
      return `value ${criterion.verb} ${criterion.threshold}`
    case 'boolean':
      return `value is ${criterion.expected_value}`
    case 'categorical':
      return criterion.expected_values.length === 1
        ? `value is ${showValue(criterion.expected_values[0])}`
        : `value is one of ${criterion.expected_values.map(showValue).join(', ')}`
  }
}
