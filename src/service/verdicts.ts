/** Conversions between a judged metric ({@link EvaluatedMetric}) and its cache entry ({@link CacheEntry}). */
import type { CacheEntry, CacheLocation } from '../cache/types.js'
import type { EvaluatedMetric, MetricDefinition } from '../types.js'

/** A cached verdict served as the answer for `metric` at `location`. */
export function verdictFromEntry(
  location: CacheLocation,
  metric: MetricDefinition,
  entry: CacheEntry,
): EvaluatedMetric {
  return {
    organization: location.organization,
    conversationId: location.conversationId,
    interactionId: location.interactionId,
    metric,
    value: entry.value,
    justification: entry.justification,
    references: entry.references,
    judgedAt: entry.judgedAt,
    source: 'cache',
    baseUrl: entry.baseUrl,
  }
}

/** The cache entry that keeps a verdict (only the entry's fields: no secrets can slip in). */
export function entryFromVerdict(verdict: EvaluatedMetric): CacheEntry {
  const { metric } = verdict
  return {
    metricId: metric.id,
    metricName: metric.name,
    metricType: metric.type,
    ...(metric.lowerBound === undefined ? {} : { lowerBound: metric.lowerBound }),
    ...(metric.upperBound === undefined ? {} : { upperBound: metric.upperBound }),
    ...(metric.categories === undefined ? {} : { categories: metric.categories }),
    fingerprint: metric.fingerprint,
    value: verdict.value,
    justification: verdict.justification,
    references: verdict.references,
    judgedAt: verdict.judgedAt,
    baseUrl: verdict.baseUrl,
  }
}
