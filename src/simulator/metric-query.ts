/**
 * The query strings of the get and search endpoints: parsing (arrays as repeated keys, FastAPI-style
 * 422s) and applying the filters, sorting, pagination and search ranking to stored metrics.
 */
import { z } from 'zod'
import { metricTypeSchema, objectIdSchema } from '../client/schemas.js'
import { parseOr422 } from './http-error.js'
import { countCue } from './judge/text.js'
import type { StoredMetric } from './metric-store.js'

const integerParam = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, 'Input should be a valid integer')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max))

const BOOLEAN_WORDS: Readonly<Record<string, boolean>> = {
  true: true,
  false: false,
  '1': true,
  '0': false,
  yes: true,
  no: false,
  on: true,
  off: false,
}

const booleanParam = z
  .string()
  .refine((v) => v.toLowerCase() in BOOLEAN_WORDS, 'Input should be a valid boolean')
  .transform((v) => BOOLEAN_WORDS[v.toLowerCase()] === true)

const filterParams = {
  applied_to_service: z.array(objectIdSchema),
  type: z.array(metricTypeSchema),
  creator: z.array(z.string().regex(/^[^,]+,[^,]+$/, 'Each creator must be of the format org_id,user_id')),
  tag: z.array(
    z.string().regex(/^[^:]+:/, 'Each tag must be of the format key:value (value may be * or empty)'),
  ),
}

const getQuerySchema = z.object({
  ...filterParams,
  id: z.array(objectIdSchema),
  limit: integerParam(0, 50).default(50),
  continuation_token: integerParam(0, Number.MAX_SAFE_INTEGER).default(0),
  is_deleted: booleanParam.default(false),
  sort_by: z.array(
    z
      .string()
      .regex(
        /^[+-]updated_at$/,
        'Supported sort fields: +updated_at, -updated_at (encode + as %2B in a query string)',
      ),
  ),
})

const searchQuerySchema = z.object({ ...filterParams, query: z.string().trim().min(1) })

export type GetMetricsQuery = z.output<typeof getQuerySchema>
export type SearchMetricsQuery = z.output<typeof searchQuerySchema>
type Filters = Pick<GetMetricsQuery, keyof typeof filterParams>

const ARRAY_PARAMS = ['id', 'applied_to_service', 'type', 'creator', 'tag', 'sort_by'] as const
const SCALAR_PARAMS = ['limit', 'continuation_token', 'is_deleted', 'query'] as const

/** The raw query as an object: array parameters from repeated keys, other parameters when present. */
function rawQuery(params: URLSearchParams): Record<string, unknown> {
  const raw: Record<string, unknown> = {}
  for (const key of ARRAY_PARAMS) raw[key] = [...new Set(params.getAll(key))]
  for (const key of SCALAR_PARAMS) {
    const value = params.get(key)
    if (value !== null) raw[key] = value
  }
  return raw
}

export function parseGetQuery(params: URLSearchParams): GetMetricsQuery {
  return parseOr422(getQuerySchema, rawQuery(params), 'query')
}

export function parseSearchQuery(params: URLSearchParams): SearchMetricsQuery {
  return parseOr422(searchQuerySchema, rawQuery(params), 'query')
}

function matchesTag(metric: StoredMetric, expression: string): boolean {
  const at = expression.indexOf(':')
  const key = expression.slice(0, at)
  const value = expression.slice(at + 1)
  return metric.tags.some(
    (t) => t.key === key && (value === '*' || (value === '' ? t.value === null : t.value === value)),
  )
}

/** Metrics matching every given filter (a list filter matches any of its values; tags must all match). */
function applyFilters(metrics: readonly StoredMetric[], filters: Filters): StoredMetric[] {
  return metrics.filter(
    (m) =>
      (filters.applied_to_service.length === 0 ||
        m.applied_to_services.some((s) => filters.applied_to_service.includes(s))) &&
      (filters.type.length === 0 || filters.type.includes(m.metric_value.type)) &&
      (filters.creator.length === 0 ||
        filters.creator.includes(`${m.creator.org_id},${m.creator.user_id}`)) &&
      filters.tag.every((t) => matchesTag(m, t)),
  )
}

/** The metrics `GET /metric/` selects, in order (sort_by, else creation order). */
export function selectForGet(metrics: readonly StoredMetric[], query: GetMetricsQuery): StoredMetric[] {
  const selected = applyFilters(metrics, query).filter(
    (m) => m.is_deleted === query.is_deleted && (query.id.length === 0 || query.id.includes(m.id)),
  )
  const direction = query.sort_by[0]?.startsWith('-') ? -1 : 1
  return query.sort_by.length === 0
    ? selected
    : selected.sort((a, b) => direction * a.updated_at.localeCompare(b.updated_at))
}

export interface Page<T> {
  readonly items: T[]
  readonly hasMore: boolean
  readonly continuationToken: number | null
}

/** One page: `continuation_token` is the offset of the next page. */
export function paginate<T>(items: readonly T[], offset: number, limit: number): Page<T> {
  const end = offset + limit
  const hasMore = end < items.length
  return { items: items.slice(offset, end), hasMore, continuationToken: hasMore ? end : null }
}

const unique = <T>(values: readonly T[], key: (v: T) => string = String): T[] => [
  ...new Map(values.map((v) => [key(v), v])).values(),
]

/** The values each dynamic filter takes among `metrics` (the first page's `filter_values`). */
export function filterValues(metrics: readonly StoredMetric[]) {
  return {
    applied_to_services_ids: unique(metrics.flatMap((m) => m.applied_to_services)).sort(),
    creators: unique(
      metrics.map((m) => m.creator),
      (c) => `${c.org_id},${c.user_id}`,
    ),
    tags: unique(metrics.flatMap((m) => m.tags.map((t) => t.key))).sort(),
    types: unique(metrics.map((m) => m.metric_value.type)).sort(),
  }
}

const SEARCH_RESULT_LIMIT = 50

/**
 * Live metrics that contain a query term in their name or description, most relevant first: a term
 * found in the name counts 3 per occurrence, in the description 1. Top {@link SEARCH_RESULT_LIMIT}.
 */
export function search(metrics: readonly StoredMetric[], query: SearchMetricsQuery): StoredMetric[] {
  const terms = query.query.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? []
  return applyFilters(
    metrics.filter((m) => !m.is_deleted),
    query,
  )
    .map((metric) => ({
      metric,
      score: terms.reduce(
        (sum, t) => sum + 3 * countCue(metric.name, t) + countCue(metric.description, t),
        0,
      ),
    }))
    .filter((r) => r.score > 0)
    .sort((a, b) => b.score - a.score)
    .slice(0, SEARCH_RESULT_LIMIT)
    .map((r) => r.metric)
}
