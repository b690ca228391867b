/**
 * Domain types shared by every layer: the matchers (in workers), the evaluation service and the
 * reporter (in the main process), and the cache. Plain data only, JSON-serializable, no behaviour.
 */
import type { MetricResultValue, MetricType } from './client/schemas.js'

export type { MetricResultValue, MetricType }

/** A conversation, and optionally the interaction to judge it up to (inclusive). */
export interface ConversationRef {
  /** 24-hex conversation ID. */
  readonly conversationId: string
  /** 24-hex interaction ID; `null` judges the whole conversation. */
  readonly interactionId: string | null
}

/** The parts of a metric definition that judging depends on, in the shape the product uses everywhere. */
export interface MetricDefinition {
  readonly id: string
  readonly name: string
  readonly type: MetricType
  /** Numerical metrics only. */
  readonly lowerBound?: number | undefined
  /** Numerical metrics only. */
  readonly upperBound?: number | undefined
  /** Categorical metrics only. */
  readonly categories?: readonly string[] | undefined
  readonly isDeleted: boolean
  /**
   * Hash of everything that can change a verdict (name, description, additional notes, value type, bounds,
   * categories). Part of the cache key, so an edited metric is judged again.
   */
  readonly fingerprint: string
}

/** Amigo's success-criterion forms, as in simulation unit tests (`type` optional when written by users). */
export type NumericalVerb = '==' | '!=' | '<=' | '<' | '>=' | '>'
export type SuccessCriterion =
  | { readonly type: 'numerical'; readonly verb: NumericalVerb; readonly threshold: number }
  | { readonly type: 'boolean'; readonly expected_value: boolean }
  | { readonly type: 'categorical'; readonly expected_values: readonly string[] }

/** One judged metric for one conversation+interaction, as served by the evaluation service. */
export interface EvaluatedMetric {
  readonly organization: string
  readonly conversationId: string
  readonly interactionId: string | null
  readonly metric: MetricDefinition
  readonly value: MetricResultValue
  readonly justification: string
  /** IDs of the messages the judge relied on. */
  readonly references: readonly string[]
  /** ISO date-time of the judgement. */
  readonly judgedAt: string
  /** `cache` when served from the cache, `fresh` when judged by an evaluate call during this run. */
  readonly source: 'cache' | 'fresh'
  /** Base URL of the API that judged it (provenance, not part of the cache key). */
  readonly baseUrl: string
}

/**
 * A metric as flat records name it (judged assertions, cache entries): its ID, name and type, and the
 * bounds or categories its values lie in.
 */
export interface MetricDescriptor {
  readonly metricId: string
  readonly metricName: string
  readonly metricType: MetricType
  /** Numerical metrics only. */
  readonly lowerBound?: number | undefined
  /** Numerical metrics only. */
  readonly upperBound?: number | undefined
  /** Categorical metrics only. */
  readonly categories?: readonly string[] | undefined
}

/** The matchers of the public contract. */
export type MatcherName = 'toScoreMetric' | 'toPassMetric' | 'toHaveMetricCategory' | 'toSatisfyMetric'

/**
 * One judged assertion, as a matcher records it on `task.meta.amigo` for the reporter.
 * JSON-serializable (it crosses from the worker to the main process and into blob reports).
 */
export interface JudgedAssertion extends MetricDescriptor {
  readonly matcher: MatcherName
  /** Whether the assertion was written with `.not`. */
  readonly negated: boolean
  /** Whether the assertion passed, after `.not` was applied. */
  readonly passed: boolean
  readonly organization: string
  readonly conversationId: string
  readonly interactionId: string | null
  /** The criterion the value was held to (before `.not`). */
  readonly criterion: SuccessCriterion
  /** The judged value; `null` when the judge found the metric not applicable. Absent when `error` is set. */
  readonly value?: MetricResultValue | undefined
  readonly justification?: string | undefined
  readonly references?: readonly string[] | undefined
  readonly source?: 'cache' | 'fresh' | undefined
  readonly judgedAt?: string | undefined
  /** Why no verdict could be had (API failure, replay miss, ...). Secrets are never included. */
  readonly error?: string | undefined
}

/** Figures of one run of the evaluation service. */
export interface ServiceStats {
  /** Evaluate calls sent to the API (retries of one call count once). */
  readonly evaluateCalls: number
  /** Metric results served from the cache (memory or disk). */
  readonly cacheHits: number
  /** Metric results judged by an evaluate call. */
  readonly cacheMisses: number
  /** Requests answered by joining an identical request already in flight. */
  readonly deduplicated: number
  /** Evaluate calls that carried more than one metric. */
  readonly batchedCalls: number
  /** Metric definition look-ups (get-metrics calls). */
  readonly definitionCalls: number
  /** Total time spent waiting for rate-limit windows, in milliseconds. */
  readonly rateLimitWaitMs: number
  /** Retried attempts (429, 5xx, resets, timeouts) across all calls. */
  readonly retries: number
}
