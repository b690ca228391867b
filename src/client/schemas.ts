/**
 * Zod schemas of the Amigo V1/metric API, request and response shapes, as given by the metric reference
 * and the published schema. The client validates every response with them and the simulator validates
 * its own responses with them, so the two cannot drift apart.
 *
 * Response schemas are lenient where the later API shape differs (see NOTES.md "API drift"): a list item
 * may carry `metric_value_type` instead of `metric_value`, and an evaluate result may lack `name`.
 */
import { z } from 'zod'
import { OBJECT_ID_PATTERN } from '../ids.js'

export { OBJECT_ID_PATTERN }
export const objectIdSchema = z.string().regex(OBJECT_ID_PATTERN, 'must be a 24-character lowercase hex ID')

export const metricTypeSchema = z.enum(['numerical', 'boolean', 'categorical'])
export type MetricType = z.infer<typeof metricTypeSchema>

export const numericalMetricValueSchema = z.object({
  type: z.literal('numerical'),
  lower_bound: z.number(),
  upper_bound: z.number(),
})
export const booleanMetricValueSchema = z.object({ type: z.literal('boolean') })
export const categoricalMetricValueSchema = z.object({
  type: z.literal('categorical'),
  categories: z.array(z.string()),
})
export const metricValueSchema = z.discriminatedUnion('type', [
  numericalMetricValueSchema,
  booleanMetricValueSchema,
  categoricalMetricValueSchema,
])
export type MetricValue = z.infer<typeof metricValueSchema>

export const tagSchema = z.object({ key: z.string(), value: z.string().nullable() })
export type Tag = z.infer<typeof tagSchema>

export const userInfoSchema = z.object({ org_id: z.string(), user_id: z.string() })
export type UserInfo = z.infer<typeof userInfoSchema>

/** Fields common to the `get` and `search` shapes of a metric. */
const metricFields = {
  org_id: z.string(),
  created_at: z.string().optional(),
  updated_at: z.string().optional(),
  name: z.string(),
  description: z.string(),
  applied_to_services: z.array(z.string()),
  additional_notes: z.string().nullable(),
  tags: z.array(tagSchema),
  creator: userInfoSchema,
  updated_by: userInfoSchema,
  /** Absent in the later API shape, which carries `metric_value_type` and versions instead. */
  metric_value: metricValueSchema.optional(),
  metric_value_type: metricTypeSchema.optional(),
  is_deleted: z.boolean(),
}

/** A metric as returned by `GET /v1/{org}/metric/` (the ID is `id`). */
export const metricSchema = z.object({ id: z.string(), ...metricFields })
export type Metric = z.infer<typeof metricSchema>

/** A metric as returned by `GET /v1/{org}/metric/search/` (the ID is `_id`). */
export const searchedMetricSchema = z.object({ _id: z.string(), ...metricFields })
export type SearchedMetric = z.infer<typeof searchedMetricSchema>

export const metricFilterValuesSchema = z.object({
  applied_to_services_ids: z.array(z.string()),
  creators: z.array(userInfoSchema),
  tags: z.array(z.string()),
  types: z.array(z.string()),
})

export const getMetricsResponseSchema = z.object({
  metrics: z.array(metricSchema),
  has_more: z.boolean(),
  continuation_token: z.union([z.number(), z.string()]).nullable(),
  filter_values: metricFilterValuesSchema.nullable().optional(),
})
export type GetMetricsResponse = z.infer<typeof getMetricsResponseSchema>

export const searchMetricsResponseSchema = z.object({ metrics: z.array(searchedMetricSchema) })
export type SearchMetricsResponse = z.infer<typeof searchMetricsResponseSchema>

export const createMetricResponseSchema = z.object({ id: z.string() })
export type CreateMetricResponse = z.infer<typeof createMetricResponseSchema>

/** The value a judge gave: typed by the metric, `null` when the metric does not apply. */
export const metricResultValueSchema = z.union([z.number(), z.boolean(), z.string(), z.null()])
export type MetricResultValue = z.infer<typeof metricResultValueSchema>

export const metricEvaluationResultSchema = z.object({
  metric_id: z.string(),
  /** Dropped by the later API shape. */
  name: z.string().optional(),
  value: metricResultValueSchema,
  references: z.array(z.string()),
  justification: z.string(),
})
export type MetricEvaluationResult = z.infer<typeof metricEvaluationResultSchema>

export const evaluateMetricsResponseSchema = z.object({ metrics: z.array(metricEvaluationResultSchema) })
export type EvaluateMetricsResponse = z.infer<typeof evaluateMetricsResponseSchema>

export const signInResponseSchema = z.object({ id_token: z.string().min(1), expires_at: z.string() })
export type SignInResponse = z.infer<typeof signInResponseSchema>

/** A FastAPI error body: `detail` is a string, or a list of validation issues for 422. */
export const validationIssueSchema = z.object({
  loc: z.array(z.union([z.string(), z.number()])),
  msg: z.string(),
  type: z.string(),
})
export const errorBodySchema = z.object({
  detail: z.union([z.string(), z.array(validationIssueSchema)]).optional(),
  message: z.string().optional(),
  error: z.string().optional(),
})
export type ErrorBody = z.infer<typeof errorBodySchema>

// ---- Request bodies (validated by the simulator, built by the client) ----

const strippedNonEmpty = z.string().trim().min(1)
const tagValue = z
  .string()
  .regex(/^[\w\s]+$/, 'must be letters, digits, underscores or spaces')
  .nullable()

export const createMetricRequestSchema = z.object({
  name: strippedNonEmpty,
  description: strippedNonEmpty,
  applied_to_services: z.array(objectIdSchema),
  additional_notes: strippedNonEmpty.nullable(),
  tags: z.record(z.string(), tagValue),
  metric_value: z.discriminatedUnion('type', [
    numericalMetricValueSchema,
    booleanMetricValueSchema,
    z.object({ type: z.literal('categorical'), categories: z.array(strippedNonEmpty).min(1) }),
  ]),
})
export type CreateMetricRequest = z.infer<typeof createMetricRequestSchema>

export const updateMetricRequestSchema = z
  .object({
    description: strippedNonEmpty.nullable().optional(),
    applied_to_services: z.array(objectIdSchema).nullable().optional(),
    additional_notes: strippedNonEmpty.nullable().optional(),
    tags: z.record(z.string(), tagValue).nullable().optional(),
  })
  .strict()
export type UpdateMetricRequest = z.infer<typeof updateMetricRequestSchema>

export const evaluateMetricsRequestSchema = z.object({
  metric_ids: z
    .array(objectIdSchema)
    .min(1)
    .max(10)
    .refine((ids) => new Set(ids).size === ids.length, 'metric_ids must be unique'),
  conversation_id: objectIdSchema,
  evaluate_to_interaction_id: objectIdSchema.nullable().optional(),
})
export type EvaluateMetricsRequest = z.infer<typeof evaluateMetricsRequestSchema>
