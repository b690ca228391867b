/**
 * Summary statistics over judged assertions: per metric (assertions, passed, pass rate, numerical
 * mean/min/max, counts per category) and for the whole run.
 */
import { compareText } from '../internal/compare-text.js'
import type { MetricSummary, ReportedAssertion, RunTotals, ServiceFigures } from './report-schema.js'

export interface RunSummary {
  readonly totals: RunTotals
  /** One entry per metric, ordered by metric name, then ID. */
  readonly metrics: readonly MetricSummary[]
}

function groupByMetric(assertions: readonly ReportedAssertion[]): Map<string, ReportedAssertion[]> {
  const groups = new Map<string, ReportedAssertion[]>()
  for (const assertion of assertions) {
    const group = groups.get(assertion.metricId)
    if (group) group.push(assertion)
    else groups.set(assertion.metricId, [assertion])
  }
  return groups
}

function numericalFigures(values: readonly number[]): MetricSummary['numerical'] {
  if (values.length === 0) return undefined
  const sum = values.reduce((total, value) => total + value, 0)
  return {
    mean: sum / values.length,
    min: Math.min(...values),
    max: Math.max(...values),
    values: values.length,
  }
}

function countValues(
  first: ReportedAssertion,
  values: readonly unknown[],
): Record<string, number> | undefined {
  if (first.metricType === 'numerical') return undefined
  const declared = first.metricType === 'boolean' ? ['true', 'false'] : (first.categories ?? [])
  const counts: Record<string, number> = Object.fromEntries(declared.map((key) => [key, 0]))
  for (const value of values) counts[String(value)] = (counts[String(value)] ?? 0) + 1
  return counts
}

/** Summarises one metric's assertions (at least one). */
function summarizeMetric(assertions: readonly [ReportedAssertion, ...ReportedAssertion[]]): MetricSummary {
  const first = assertions[0]
  const passed = assertions.filter((assertion) => assertion.passed).length
  const errors = assertions.filter((assertion) => assertion.error !== undefined).length
  const judged = assertions.flatMap((assertion) =>
    assertion.error === undefined && assertion.value !== undefined ? [assertion.value] : [],
  )
  const present = judged.filter((value) => value !== null)
  const numerical =
    first.metricType === 'numerical'
      ? numericalFigures(present.filter((value): value is number => typeof value === 'number'))
      : undefined
  const counts = countValues(first, present)
  return {
    metricId: first.metricId,
    metricName: first.metricName,
    metricType: first.metricType,
    assertions: assertions.length,
    passed,
    failed: assertions.length - passed,
    errors,
    notApplicable: judged.length - present.length,
    passRate: passed / assertions.length,
    ...(numerical && { numerical }),
    ...(counts && { counts }),
  }
}

const byNameThenId = (a: MetricSummary, b: MetricSummary): number =>
  compareText(a.metricName, b.metricName) || compareText(a.metricId, b.metricId)

/** Summarises a run's judged assertions. */
export function summarizeRun(assertions: readonly ReportedAssertion[]): RunSummary {
  const metrics = [...groupByMetric(assertions).values()].flatMap((group) => {
    const [first, ...rest] = group
    return first ? [summarizeMetric([first, ...rest])] : []
  })
  const tests = new Map<string, boolean>()
  for (const assertion of assertions) {
    tests.set(`${assertion.file}\0${assertion.test}`, assertion.testState === 'failed')
  }
  const passed = assertions.filter((assertion) => assertion.passed).length
  return {
    totals: {
      assertions: assertions.length,
      passed,
      failed: assertions.length - passed,
      metrics: metrics.length,
      tests: tests.size,
      failedTests: [...tests.values()].filter(Boolean).length,
    },
    metrics: metrics.sort(byNameThenId),
  }
}

/** What the records tell about the service when it is not there to ask (e.g. `--merge-reports`). */
export function serviceFiguresFromRecords(assertions: readonly ReportedAssertion[]): ServiceFigures {
  return {
    source: 'records',
    fresh: assertions.filter((assertion) => assertion.source === 'fresh').length,
    cached: assertions.filter((assertion) => assertion.source === 'cache').length,
  }
}
