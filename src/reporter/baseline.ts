/**
 * Baseline: a previous run's JSON report, read back and validated, and each metric's change against it.
 */
import { readFileSync } from 'node:fs'
import {
  JSON_REPORT_SCHEMA_VERSION,
  type JsonReport,
  jsonReportSchema,
  type MetricDelta,
  type MetricSummary,
} from './report-schema.js'

/** Thrown when the baseline report cannot be read or is not a vitest-amigo JSON report. */
export class BaselineError extends Error {
  override readonly name = 'BaselineError'
}

/**
 * Parses a JSON report (schema version 1).
 * @param origin where the text came from, for error messages.
 * @throws BaselineError saying what is wrong with it.
 */
export function parseJsonReport(text: string, origin: string): JsonReport {
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (error) {
    throw new BaselineError(`baseline ${origin} is not JSON: ${(error as Error).message}`)
  }
  const version = (data as { schemaVersion?: unknown } | null)?.schemaVersion
  if (version !== JSON_REPORT_SCHEMA_VERSION) {
    throw new BaselineError(
      `baseline ${origin} has schemaVersion ${JSON.stringify(version)}; expected a vitest-amigo JSON report with schemaVersion ${JSON_REPORT_SCHEMA_VERSION}`,
    )
  }
  const parsed = jsonReportSchema.safeParse(data)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new BaselineError(
      `baseline ${origin} is not a valid report: ${issue?.path.join('.')}: ${issue?.message}`,
    )
  }
  return parsed.data
}

/**
 * Reads and validates a baseline report.
 * @param file absolute path; `shown` is the path to name in errors (relative to the root).
 */
export function readBaseline(file: string, shown: string = file): JsonReport {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    throw new BaselineError(
      `cannot read baseline ${shown}: ${(error as NodeJS.ErrnoException).code ?? error}`,
    )
  }
  return parseJsonReport(text, shown)
}

const change = (before: number, after: number) => ({ before, after, change: after - before })

/** Each metric's change against the baseline: current metrics first (in their order), then removed ones. */
export function compareWithBaseline(
  current: readonly MetricSummary[],
  baseline: readonly MetricSummary[],
): MetricDelta[] {
  const before = new Map(baseline.map((metric) => [metric.metricId, metric]))
  const deltas: MetricDelta[] = current.map((metric) => {
    const previous = before.get(metric.metricId)
    if (!previous) return { metricId: metric.metricId, metricName: metric.metricName, status: 'new' }
    const mean =
      metric.numerical && previous.numerical && change(previous.numerical.mean, metric.numerical.mean)
    return {
      metricId: metric.metricId,
      metricName: metric.metricName,
      status: 'compared',
      passRate: change(previous.passRate, metric.passRate),
      ...(mean && { mean }),
    }
  })
  const present = new Set(current.map((metric) => metric.metricId))
  for (const metric of baseline) {
    if (!present.has(metric.metricId)) {
      deltas.push({ metricId: metric.metricId, metricName: metric.metricName, status: 'removed' })
    }
  }
  return deltas
}
