/** Human-readable text of metrics for the `metrics` command: a table of many, the details of one. */
import type { Metric, SearchedMetric } from '../client/schemas.js'
import { definitionFromMetric, metricIdOf } from '../service/definition-conversion.js'

/** `numerical 0..10`, `boolean`, `categorical: positive, neutral, negative`. */
function describeValueType(metric: Metric | SearchedMetric): string {
  const definition = definitionFromMetric(metric)
  if (definition === undefined) return 'unknown type'
  if (definition.type === 'numerical' && definition.lowerBound !== undefined) {
    return `numerical ${definition.lowerBound}..${definition.upperBound}`
  }
  if (definition.type === 'categorical' && definition.categories !== undefined) {
    return `categorical: ${definition.categories.join(', ')}`
  }
  return definition.type
}

/** `team:quality, tier:core, compliance:` (a tag without a value keeps its colon). */
function describeTags(metric: Metric | SearchedMetric): string {
  return metric.tags.map((tag) => `${tag.key}:${tag.value ?? ''}`).join(', ')
}

/** One row per metric, columns padded: ID, name, type, tags. */
export function renderMetricTable(metrics: readonly (Metric | SearchedMetric)[]): string[] {
  const rows = [
    ['ID', 'NAME', 'TYPE', 'TAGS'],
    ...metrics.map((metric) => [
      metricIdOf(metric),
      metric.is_deleted ? `${metric.name} (deleted)` : metric.name,
      describeValueType(metric),
      describeTags(metric),
    ]),
  ]
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => row[column]?.length ?? 0))) ?? []
  const lines = rows.map((row) =>
    row
      .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
      .join('  ')
      .trimEnd(),
  )
  lines.push('', `${metrics.length} metric${metrics.length === 1 ? '' : 's'}`)
  return lines
}

/** The details of one metric, one field a line. */
export function renderMetricDetails(metric: Metric): string[] {
  const fields: [string, string][] = [
    ['type', describeValueType(metric)],
    ['description', metric.description],
    ['notes', metric.additional_notes ?? '-'],
    ['tags', describeTags(metric) || '-'],
    ['services', metric.applied_to_services.join(', ') || '-'],
    ['deleted', metric.is_deleted ? 'yes' : 'no'],
    ['updated', metric.updated_at ?? '-'],
  ]
  return [
    `"${metric.name}" (${metric.id})`,
    ...fields.map(([name, value]) => `  ${`${name}:`.padEnd(13)}${value}`),
  ]
}
