/** The six V1/metric endpoints. Every argument is checked before the network; every response by zod. */
import type { RequestOptions } from './config.js'
import { InvalidInputError, ResponseValidationError } from './errors.js'
import {
  type MetricListParams,
  type MetricSearchParams,
  metricListParamsSchema,
  metricSearchParamsSchema,
  parseInput,
  parseObjectId,
  toQuery,
} from './params.js'
import type { ApiCall, RequestRunner } from './request-runner.js'
import {
  type CreateMetricRequest,
  type CreateMetricResponse,
  createMetricRequestSchema,
  createMetricResponseSchema,
  type EvaluateMetricsRequest,
  type EvaluateMetricsResponse,
  evaluateMetricsRequestSchema,
  evaluateMetricsResponseSchema,
  type GetMetricsResponse,
  getMetricsResponseSchema,
  type Metric,
  type SearchMetricsResponse,
  searchMetricsResponseSchema,
  type UpdateMetricRequest,
  updateMetricRequestSchema,
} from './schemas.js'

const LIST = 'GET /v1/{org}/metric/'
const CREATE = 'POST /v1/{org}/metric/'
const UPDATE = 'POST /v1/{org}/metric/{id}/'
const DELETE = 'DELETE /v1/{org}/metric/{id}/'
const SEARCH = 'GET /v1/{org}/metric/search/'
const EVALUATE = 'POST /v1/{org}/metric/evaluate'

/** Fields Amigo never lets an update change. */
const IMMUTABLE_FIELDS = ['name', 'metric_value'] as const

/** The metric endpoints of a client (`client.metrics`). */
export type MetricsResource = Pick<MetricEndpoints, keyof MetricEndpoints>

/** The implementation of {@link MetricsResource}, loaded on a client's first call (see `lazy-metrics.ts`). */
export class MetricEndpoints {
  readonly #runner: RequestRunner
  readonly #base: string

  constructor(runner: RequestRunner, organization: string) {
    this.#runner = runner
    this.#base = `/v1/${encodeURIComponent(organization)}/metric`
  }

  /** One page of metrics (`GET /v1/{org}/metric/`). */
  async list(params: MetricListParams = {}, options?: RequestOptions): Promise<GetMetricsResponse> {
    const query = toQuery(parseInput('metrics.list', metricListParamsSchema, params))
    return this.#runner.json(
      this.#call(LIST, 'GET', '/', { query, idempotent: true }),
      getMetricsResponseSchema,
      options,
    )
  }

  /** Every metric matching `params`, following `continuation_token` through all pages. */
  async *listAll(params: MetricListParams = {}, options?: RequestOptions): AsyncIterable<Metric> {
    let continuationToken = params.continuation_token
    for (;;) {
      const page = await this.list({ ...params, continuation_token: continuationToken }, options)
      yield* page.metrics
      if (!page.has_more) return
      if (page.continuation_token === null || page.continuation_token === continuationToken) {
        throw new ResponseValidationError({
          endpoint: LIST,
          status: 200,
          issues: [
            {
              path: 'continuation_token',
              message: `has_more is true but the token ${JSON.stringify(page.continuation_token)} does not advance`,
            },
          ],
        })
      }
      continuationToken = page.continuation_token
    }
  }

  /** Creates a metric (`POST /v1/{org}/metric/`, 201); a duplicate name is a `ConflictError`. */
  async create(body: CreateMetricRequest, options?: RequestOptions): Promise<CreateMetricResponse> {
    const checked = parseInput('metrics.create', createMetricRequestSchema, body)
    // Not idempotent: a retry after a lost response could create the metric twice.
    const call = this.#call(CREATE, 'POST', '/', { body: checked, idempotent: false })
    return this.#runner.json(call, createMetricResponseSchema, options)
  }

  /** Updates description, services, notes or tags (`POST /v1/{org}/metric/{id}/`). */
  async update(metricId: string, body: UpdateMetricRequest, options?: RequestOptions): Promise<void> {
    const id = parseObjectId('metrics.update', 'metricId', metricId)
    const immutable = IMMUTABLE_FIELDS.filter(
      (field) => typeof body === 'object' && body !== null && field in body,
    )
    if (immutable.length > 0) {
      throw new InvalidInputError(
        `metrics.update: ${immutable.join(' and ')} cannot be changed (Amigo keeps them fixed); create a new metric instead.`,
        { method: 'metrics.update' },
      )
    }
    const checked = parseInput('metrics.update', updateMetricRequestSchema, body)
    await this.#runner.send(
      this.#call(UPDATE, 'POST', `/${id}/`, { body: checked, idempotent: true }),
      options,
    )
  }

  /** Soft-deletes a metric (`DELETE /v1/{org}/metric/{id}/`); a `BadRequestError` if a simulation unit test uses it. */
  async delete(metricId: string, options?: RequestOptions): Promise<void> {
    const id = parseObjectId('metrics.delete', 'metricId', metricId)
    await this.#runner.send(this.#call(DELETE, 'DELETE', `/${id}/`, { idempotent: true }), options)
  }

  /** The top 50 metrics matching `params.query` (`GET /v1/{org}/metric/search/`); items carry `_id`. */
  async search(params: MetricSearchParams, options?: RequestOptions): Promise<SearchMetricsResponse> {
    const query = toQuery(parseInput('metrics.search', metricSearchParamsSchema, params))
    const call = this.#call(SEARCH, 'GET', '/search/', { query, idempotent: true })
    return this.#runner.json(call, searchMetricsResponseSchema, options)
  }

  /**
   * Judges 1 to 10 metrics on a conversation, optionally up to an interaction
   * (`POST /v1/{org}/metric/evaluate`). Results come in the order of `metric_ids`.
   */
  async evaluate(body: EvaluateMetricsRequest, options?: RequestOptions): Promise<EvaluateMetricsResponse> {
    const checked = parseInput('metrics.evaluate', evaluateMetricsRequestSchema, body)
    // Idempotent in effect: a repeat judgement overwrites the stored manual result (NOTES.md).
    const call = this.#call(EVALUATE, 'POST', '/evaluate', { body: checked, idempotent: true })
    return this.#runner.json(call, evaluateMetricsResponseSchema, options)
  }

  #call(
    endpoint: string,
    method: ApiCall['method'],
    subPath: string,
    rest: Pick<ApiCall, 'query' | 'body' | 'idempotent'>,
  ): ApiCall {
    return { endpoint, method, path: this.#base + subPath, ...rest }
  }
}
