/**
 * Turns the API's metric shapes (and cache entries) into the product's {@link MetricDefinition}, with the
 * fingerprint that makes an edited metric a cache miss.
 */
import { createHash } from 'node:crypto'
import type { CacheEntry } from '../cache/types.js'
import type { Metric, SearchedMetric } from '../client/schemas.js'
import type { MetricDefinition } from '../types.js'

/** Bumped when the fingerprint's recipe changes, so old cache entries become misses. */
const FINGERPRINT_VERSION = 1

/**
 * sha256 (hex) of a canonical JSON (fixed key order, absent fields as `null`) of everything that can change a
 * verdict: name, description, additional notes, value type, bounds and categories.
 */
export function fingerprintOf(metric: Metric | SearchedMetric): string {
  const value = metric.metric_value
  const canonical = {
    v: FINGERPRINT_VERSION,
    name: metric.name,
    description: metric.description,
    additional_notes: metric.additional_notes,
    type: value?.type ?? metric.metric_value_type ?? null,
    lower_bound: value?.type === 'numerical' ? value.lower_bound : null,
    upper_bound: value?.type === 'numerical' ? value.upper_bound : null,
    categories: value?.type === 'categorical' ? value.categories : null,
  }
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex')
}

/** The ID of a metric in either API shape (`id` from get, `_id` from search). */
export function metricIdOf(metric: Metric | SearchedMetric): string {
  return 'id' in metric ? metric.id : metric._id
}

/** The definition of an API metric; `undefined` when the metric carries no value type at all. */
export function definitionFromMetric(metric: Metric | SearchedMetric): MetricDefinition | undefined {
  const value = metric.metric_value
  const type = value?.type ?? metric.metric_value_type
  if (type === undefined) return undefined
  return {
    id: metricIdOf(metric),
    name: metric.name,
    type,
    ...(value?.type === 'numerical' ? { lowerBound: value.lower_bound, upperBound: value.upper_bound } : {}),
    ...(value?.type === 'categorical' ? { categories: value.categories } : {}),
    isDeleted: metric.is_deleted,
    fingerprint: fingerprintOf(metric),
  }
}

/** The definition a cached verdict was judged against (replay mode, where there is no network). */
export function definitionFromCacheEntry(entry: CacheEntry): MetricDefinition {
  return {
    id: entry.metricId,
    name: entry.metricName,
    type: entry.metricType,
    ...(entry.lowerBound === undefined ? {} : { lowerBound: entry.lowerBound }),
    ...(entry.upperBound === undefined ? {} : { upperBound: entry.upperBound }),
    ...(entry.categories === undefined ? {} : { categories: entry.categories }),
    isDeleted: false,
    fingerprint: entry.fingerprint,
  }
}
