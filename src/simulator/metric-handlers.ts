/**
 * Handlers of the metric CRUD and search endpoints.
 */
import { createMetricRequestSchema, objectIdSchema, updateMetricRequestSchema } from '../client/schemas.js'
import { type ApiRequest, type EndpointHandler, requireBody } from './endpoint-handler.js'
import { parseOr422, type ValidationIssue, validationError } from './http-error.js'
import {
  filterValues,
  paginate,
  parseGetQuery,
  parseSearchQuery,
  search,
  selectForGet,
} from './metric-query.js'

function metricIdOf(request: ApiRequest): string {
  return parseOr422(objectIdSchema, request.route.metricId, 'path')
}

const IMMUTABLE_FIELDS = ['name', 'metric_value'] as const

export const getMetrics: EndpointHandler = (state, request) => {
  const query = parseGetQuery(request.query)
  const selected = selectForGet(state.store.all(), query)
  const page = paginate(selected, query.continuation_token, query.limit)
  return {
    status: 200,
    body: {
      metrics: page.items.map((m) => state.store.toListed(m)),
      has_more: page.hasMore,
      continuation_token: page.continuationToken,
      filter_values: query.continuation_token === 0 ? filterValues(selected) : null,
    },
  }
}

export const createMetric: EndpointHandler = (state, request) => {
  const body = parseOr422(createMetricRequestSchema, requireBody(request), 'body')
  const { metric_value: value } = body
  if (value.type === 'numerical' && !(value.lower_bound < value.upper_bound)) {
    throw validationError([
      {
        loc: ['body', 'metric_value', 'numerical'],
        msg: `lower_bound (${value.lower_bound}) must be less than upper_bound (${value.upper_bound})`,
        type: 'value_error',
      },
    ])
  }
  return { status: 201, body: { id: state.store.create(body, state.user).id } }
}

export const updateMetric: EndpointHandler = (state, request) => {
  const id = metricIdOf(request)
  const raw = requireBody(request)
  const immutable: ValidationIssue[] =
    typeof raw === 'object' && raw !== null
      ? IMMUTABLE_FIELDS.filter((f) => f in raw).map((f) => ({
          loc: ['body', f],
          msg: `The metric's ${f} cannot be updated`,
          type: 'extra_forbidden',
        }))
      : []
  if (immutable.length > 0) throw validationError(immutable)
  state.store.update(id, parseOr422(updateMetricRequestSchema, raw, 'body'), state.user)
  return { status: 200, body: null }
}

export const deleteMetric: EndpointHandler = (state, request) => {
  state.store.softDelete(metricIdOf(request), state.user)
  return { status: 200, body: null }
}

export const searchMetrics: EndpointHandler = (state, request) => {
  const query = parseSearchQuery(request.query)
  return {
    status: 200,
    body: { metrics: search(state.store.all(), query).map((m) => state.store.toSearched(m)) },
  }
}
