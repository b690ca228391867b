/**
 * `vitest-amigo`: the API client, its errors, the conversation helpers and the public types.
 * Explicit re-exports only.
 */
export type {
  ConversationRef,
  EvaluatedMetric,
  JudgedAssertion,
  MatcherName,
  MetricDefinition,
  MetricResultValue,
  MetricType,
  NumericalVerb,
  ServiceStats,
  SuccessCriterion,
} from './types.js'
