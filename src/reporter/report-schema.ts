/**
 * Schema version 1 of the JSON report, as zod schemas: the single source of the report's types, and
 * the validator that reads a previous report back as a baseline.
 *
 * Shape (all figures computed over every judged assertion of the run):
 * - `schemaVersion`: `1`; `generator`: `"vitest-amigo"`; `generatedAt`: ISO date-time.
 * - `assertions[]`: each judged assertion (`JudgedAssertion` of the package's types) plus `test` (full
 *   test name), `file` (test file relative to the Vitest root) and `testState`.
 * - `summary`: `totals` and `metrics[]` (per metric: assertions, passed, failed, errors, passRate,
 *   `numerical` mean/min/max, `counts` per category or boolean value).
 * - `service`: figures of the evaluation service (`source: "service"`), or, when there was none (e.g.
 *   `--merge-reports`), what the records tell (`source: "records"`: fresh vs cached verdicts).
 * - `baseline`: the baseline report's path and each metric's change against it, or `null`.
 * - `gates`: `passed` and one result per checked bound.
 */
import { z } from 'zod'
import type { JudgedAssertion, ServiceStats } from '../types.js'

export const JSON_REPORT_SCHEMA_VERSION = 1

const metricTypeSchema = z.enum(['numerical', 'boolean', 'categorical'])
const valueSchema = z.union([z.number(), z.boolean(), z.string(), z.null()])

const criterionSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('numerical'),
    verb: z.enum(['==', '!=', '<=', '<', '>=', '>']),
    threshold: z.number(),
  }),
  z.object({ type: z.literal('boolean'), expected_value: z.boolean() }),
  z.object({ type: z.literal('categorical'), expected_values: z.array(z.string()) }),
])

/** A `JudgedAssertion` as matchers record it on `task.meta.amigo`. */
export const judgedAssertionSchema = z.object({
  matcher: z.enum(['toScoreMetric', 'toPassMetric', 'toHaveMetricCategory', 'toSatisfyMetric']),
  negated: z.boolean(),
  passed: z.boolean(),
  organization: z.string(),
  conversationId: z.string(),
  interactionId: z.string().nullable(),
  metricId: z.string(),
  metricName: z.string(),
  metricType: metricTypeSchema,
  lowerBound: z.number().optional(),
  upperBound: z.number().optional(),
  categories: z.array(z.string()).optional(),
  criterion: criterionSchema,
  value: valueSchema.optional(),
  justification: z.string().optional(),
  references: z.array(z.string()).optional(),
  source: z.enum(['cache', 'fresh']).optional(),
  judgedAt: z.string().optional(),
  error: z.string().optional(),
}) satisfies z.ZodType<JudgedAssertion>

export const reportedAssertionSchema = judgedAssertionSchema.extend({
  /** Full test name ("describe > test"). */
  test: z.string(),
  /** Test file, relative to the Vitest root, with `/` separators. */
  file: z.string(),
  testState: z.enum(['passed', 'failed', 'skipped', 'pending']),
})
/** A judged assertion with the test it belongs to. */
export type ReportedAssertion = z.infer<typeof reportedAssertionSchema>

export const metricSummarySchema = z.object({
  metricId: z.string(),
  metricName: z.string(),
  metricType: metricTypeSchema,
  assertions: z.number(),
  passed: z.number(),
  failed: z.number(),
  /** Assertions that got no verdict (API failure, replay miss, ...). */
  errors: z.number(),
  /** Verdicts of `null` (the judge found the metric not applicable). */
  notApplicable: z.number(),
  /** `passed / assertions`, from 0 to 1. */
  passRate: z.number(),
  /** Numerical metrics with at least one numeric value. */
  numerical: z.object({ mean: z.number(), min: z.number(), max: z.number(), values: z.number() }).optional(),
  /** Categorical metrics: count per category (declared ones first, zero included); boolean: `true`/`false`. */
  counts: z.record(z.string(), z.number()).optional(),
})
export type MetricSummary = z.infer<typeof metricSummarySchema>

export const runTotalsSchema = z.object({
  assertions: z.number(),
  passed: z.number(),
  failed: z.number(),
  metrics: z.number(),
  tests: z.number(),
  failedTests: z.number(),
})
export type RunTotals = z.infer<typeof runTotalsSchema>

export const serviceStatsSchema = z.object({
  evaluateCalls: z.number(),
  cacheHits: z.number(),
  cacheMisses: z.number(),
  deduplicated: z.number(),
  batchedCalls: z.number(),
  definitionCalls: z.number(),
  rateLimitWaitMs: z.number(),
  retries: z.number(),
}) satisfies z.ZodType<ServiceStats>

export const serviceFiguresSchema = z.discriminatedUnion('source', [
  z.object({ source: z.literal('service'), stats: serviceStatsSchema }),
  z.object({
    source: z.literal('records'),
    /** Verdicts judged by an evaluate call during the run(s) that produced the records. */
    fresh: z.number(),
    /** Verdicts served from the cache. */
    cached: z.number(),
  }),
])
export type ServiceFigures = z.infer<typeof serviceFiguresSchema>

const changeSchema = z.object({ before: z.number(), after: z.number(), change: z.number() })
export const metricDeltaSchema = z.object({
  metricId: z.string(),
  metricName: z.string(),
  /** `new`: not in the baseline; `removed`: in the baseline only; `compared`: in both. */
  status: z.enum(['compared', 'new', 'removed']),
  passRate: changeSchema.optional(),
  mean: changeSchema.optional(),
})
export type MetricDelta = z.infer<typeof metricDeltaSchema>

export const gateResultSchema = z.object({
  /** The gate's key in the options: a metric ID, a metric name, or `*`. */
  key: z.string(),
  bound: z.enum(['minPassRate', 'minMean', 'maxDrop', 'maxMeanDrop']),
  /** The metric checked; absent when the key matched no metric of the run. */
  metricId: z.string().optional(),
  metricName: z.string().optional(),
  /** The measured figure (pass rate, mean, or drop); `null` when it could not be measured. */
  figure: z.number().nullable(),
  /** The configured bound. */
  limit: z.number(),
  passed: z.boolean(),
  /** One line saying which gate, the figure and the bound. */
  message: z.string(),
})
export type GateResult = z.infer<typeof gateResultSchema>

export const jsonReportSchema = z.object({
  schemaVersion: z.literal(JSON_REPORT_SCHEMA_VERSION),
  generator: z.literal('vitest-amigo'),
  generatedAt: z.string(),
  assertions: z.array(reportedAssertionSchema),
  summary: z.object({ totals: runTotalsSchema, metrics: z.array(metricSummarySchema) }),
  service: serviceFiguresSchema,
  baseline: z.object({ file: z.string(), deltas: z.array(metricDeltaSchema) }).nullable(),
  gates: z.object({ passed: z.boolean(), results: z.array(gateResultSchema) }),
})
/** The JSON report, schema version 1. */
export type JsonReport = z.infer<typeof jsonReportSchema>
