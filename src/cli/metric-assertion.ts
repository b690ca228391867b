/**
 * `--metric` arguments of `vitest-amigo evaluate`: a metric ID or name, optionally followed by a criterion
 * in a short form (`Empathy>=7`, `Escalated correctly=true`, `Topic=billing|technical`, `Topic!=billing`),
 * turned into one of Amigo's success criteria once the metric's type is known.
 */
import { checkCriterionFitsMetric, NUMERICAL_VERBS } from '../matchers/criterion.js'
import type { MetricDefinition, NumericalVerb, SuccessCriterion } from '../types.js'
import { CliUsageError } from './command.js'

/** A `--metric` argument as written. */
export interface MetricAssertionSpec {
  /** The metric ID or name. */
  readonly metric: string
  /** The comparison and the expected text, when a criterion was given. */
  readonly comparison?: { readonly operator: string; readonly expected: string } | undefined
}

/** A criterion held to a described metric; `negated` for `!=` on boolean and categorical metrics. */
export interface MetricAssertion {
  readonly criterion: SuccessCriterion
  readonly negated: boolean
}

const SPEC = /^(.+?)\s*(>=|<=|==|!=|>|<|=)\s*(.+)$/

/** Reads `--metric` text; a bare name or ID has no criterion. */
export function parseMetricSpec(text: string): MetricAssertionSpec {
  const match = SPEC.exec(text.trim())
  if (match === null) {
    if (text.trim() === '') throw new CliUsageError('--metric must name a metric (24-hex ID or name).')
    return { metric: text.trim() }
  }
  const [, metric = '', operator = '', expected = ''] = match
  return { metric, comparison: { operator, expected: expected.trim() } }
}

function unfit(spec: MetricAssertionSpec, metric: MetricDefinition, allowed: string): never {
  throw new CliUsageError(
    `--metric "${spec.metric}${spec.comparison?.operator}${spec.comparison?.expected}": metric "${metric.name}" is ${metric.type}, so write ${allowed}.`,
  )
}

/** The criterion of `spec` for `metric`, checked against its bounds or categories; `undefined` for none. */
export function assertionFor(
  spec: MetricAssertionSpec,
  metric: MetricDefinition,
): MetricAssertion | undefined {
  const { comparison } = spec
  if (comparison === undefined) return undefined
  const operator = comparison.operator === '=' ? '==' : comparison.operator
  let assertion: MetricAssertion
  if (metric.type === 'numerical') {
    const threshold = Number(comparison.expected)
    if (!NUMERICAL_VERBS.includes(operator as NumericalVerb) || !Number.isFinite(threshold)) {
      unfit(spec, metric, '<metric><op><number> with op one of >=, >, <=, <, =, !=')
    }
    assertion = {
      criterion: { type: 'numerical', verb: operator as NumericalVerb, threshold },
      negated: false,
    }
  } else {
    if (operator !== '==' && operator !== '!=') unfit(spec, metric, '<metric>=<value> or <metric>!=<value>')
    const negated = operator === '!='
    if (metric.type === 'boolean') {
      if (comparison.expected !== 'true' && comparison.expected !== 'false') {
        unfit(spec, metric, '<metric>=true or <metric>=false')
      }
      assertion = { criterion: { type: 'boolean', expected_value: comparison.expected === 'true' }, negated }
    } else {
      const expected_values = comparison.expected.split('|').map((category) => category.trim())
      assertion = { criterion: { type: 'categorical', expected_values }, negated }
    }
  }
  checkCriterionFitsMetric('toSatisfyMetric', assertion.criterion, metric)
  return assertion
}
