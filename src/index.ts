/**
 * `vitest-amigo`: the API client, its errors, the conversation helpers and the public types.
 * Explicit re-exports only.
 */

export { AmigoClient } from './client/client.js'
export type { AmigoClientOptions, RequestOptions, RetryEvent } from './client/config.js'
export type {
  AmigoErrorCode,
  AmigoErrorJSON,
  ErrorDetail,
  ResponseIssue,
  ValidationIssue,
} from './client/errors.js'
export {
  AbortedError,
  AmigoError,
  ApiError,
  AuthenticationError,
  BadRequestError,
  ConfigurationError,
  ConflictError,
  ConnectionError,
  InternalServerError,
  InvalidInputError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ResponseValidationError,
  ServiceUnavailableError,
  TimeoutError,
  UnprocessableEntityError,
} from './client/errors.js'
export type { MetricsResource } from './client/metrics.js'
export type { MetricListParams, MetricSearchParams } from './client/params.js'
export type { RateLimitWaitEvent, RateLimitWaitReason } from './client/rate-limit-gate.js'
export type {
  CreateMetricRequest,
  CreateMetricResponse,
  EvaluateMetricsRequest,
  EvaluateMetricsResponse,
  GetMetricsResponse,
  Metric,
  MetricEvaluationResult,
  SearchedMetric,
  SearchMetricsResponse,
  UpdateMetricRequest,
} from './client/schemas.js'
export {
  type ConversationInput,
  type ConversationOptions,
  conversation,
  evaluateMetrics,
  prefetchMetrics,
} from './conversation.js'
export type { SuccessCriterionInput } from './matchers/criterion.js'
export { AmigoEvaluationError, AmigoUsageError } from './matchers/errors.js'
// Type-only: brings the matchers' typings (`declare module 'vitest'`) to users who import this entry,
// without registering them at runtime (the plugin or `vitest-amigo/setup` does that).
export type { AmigoMatchers } from './matchers/matcher-typings.js'
export type { MetricMatcherOptions } from './matchers/options.js'
export type {
  ConversationRef,
  EvaluatedMetric,
  JudgedAssertion,
  MatcherName,
  MetricDefinition,
  MetricDescriptor,
  MetricResultValue,
  MetricType,
  NumericalVerb,
  ServiceStats,
  SuccessCriterion,
} from './types.js'
