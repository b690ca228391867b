/** Checks how a metric is named by the user: a 24-hex metric ID or a metric name. */
import { showValue } from '../internal/show-value.js'
import { AmigoUsageError } from './errors.js'

/**
 * Returns the metric reference (an ID or a name, trimmed) or throws an {@link AmigoUsageError} naming
 * the bad value. `where` prefixes the message.
 */
export function checkMetricRef(metric: unknown, where: string): string {
  const trimmed = typeof metric === 'string' ? metric.trim() : ''
  if (trimmed !== '') return trimmed
  throw new AmigoUsageError(
    `${where}: the metric must be a 24-hex metric ID or a metric name (a non-empty string), got ${showValue(metric)}`,
  )
}

/** Reads one metric reference or a non-empty list of them, in order. */
export function metricRefsFromInput(metrics: unknown, where: string): string[] {
  const list = typeof metrics === 'string' ? [metrics] : metrics
  if (!Array.isArray(list) || list.length === 0) {
    throw new AmigoUsageError(
      `${where}: metrics must be a metric ID or name, or a non-empty array of them, got ${showValue(metrics)}`,
    )
  }
  return list.map((metric: unknown) => checkMetricRef(metric, where))
}
