/**
 * The path of one request through the simulator: route, rate limit, injected faults, organization,
 * authentication, body, handler; every answer counted and carrying the endpoint's rate-limit headers.
 */
import { type IncomingMessage, type ServerResponse, STATUS_CODES } from 'node:http'
import { setTimeout as sleep } from 'node:timers/promises'
import type { EvaluateMetricsRequest } from '../client/schemas.js'
import type { TokenStore } from './auth.js'
import type { RequestCounters } from './counters.js'
import type { ApiResponse, EndpointHandler, SimulatorState } from './endpoint-handler.js'
import type { FaultDecision, FaultInjector } from './faults.js'
import { HttpError } from './http-error.js'
import { parseJsonBody, readBody, sendJson, sendText } from './http-io.js'
import type { SimulatorEndpoint } from './options.js'
import type { RateLimiter } from './rate-limiter.js'
import { matchRoute, type RouteMatch } from './routes.js'

export interface PipelineParts {
  readonly state: SimulatorState
  readonly tokens: TokenStore
  readonly limiter: RateLimiter
  readonly faults: FaultInjector
  readonly counters: RequestCounters
  readonly handlers: Readonly<Record<Exclude<SimulatorEndpoint, 'signin'>, EndpointHandler>>
}

/** A body that is not JSON, and one that fails every endpoint's response schema. */
const MALFORMED_JSON = '{"metrics": [{"metric_id": '
const SCHEMA_MISMATCH = { metrics: 'unexpected', detail: 'injected schema-mismatch fault' }

async function answer(
  parts: PipelineParts,
  route: RouteMatch,
  req: IncomingMessage,
  text: string,
): Promise<ApiResponse> {
  const { state, tokens } = parts
  if (route.organization !== state.organization) throw new HttpError(404, 'Organization not found')
  if (route.endpoint === 'signin')
    return { status: 200, body: tokens.signIn(req.headers, state.organization) }
  tokens.authenticate(req.headers.authorization)
  const url = new URL(req.url ?? '/', 'http://simulator')
  const request = { route, query: url.searchParams, headers: req.headers, body: parseJsonBody(text) }
  return parts.handlers[route.endpoint](state, request)
}

function injectFault(
  res: ServerResponse,
  fault: NonNullable<FaultDecision['fault']>,
  headers: Record<string, string>,
): number {
  switch (fault.kind) {
    case 'drop':
      res.socket?.destroy()
      return 0
    case 'malformed-json':
      sendText(res, 200, MALFORMED_JSON, headers)
      return 200
    case 'schema-mismatch':
      sendJson(res, 200, SCHEMA_MISMATCH, headers)
      return 200
    case 'status': {
      const retryAfter = fault.retryAfter === undefined ? {} : { 'retry-after': fault.retryAfter }
      const detail = `${STATUS_CODES[fault.status] ?? 'Error'} (injected fault)`
      sendJson(res, fault.status, { detail }, { ...headers, ...retryAfter })
      return fault.status
    }
  }
}

/** Handles one request; never throws. */
export async function handleRequest(
  parts: PipelineParts,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  let route: RouteMatch
  try {
    route = matchRoute(req.method ?? 'GET', new URL(req.url ?? '/', 'http://simulator').pathname)
  } catch (error) {
    const e = error instanceof HttpError ? error : new HttpError(404, 'Not Found')
    sendJson(res, e.status, e.body, {})
    return
  }
  const record = (status: number) =>
    parts.counters.record({
      endpoint: route.endpoint,
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      status,
    })
  let headers: Record<string, string> = {}
  try {
    const text = await readBody(req)
    headers = parts.limiter.consume(route.endpoint)
    const decision = parts.faults.decide(route.endpoint)
    if (decision.delayMs > 0) await sleep(decision.delayMs, undefined, { signal: parts.state.closing })
    if (decision.fault !== undefined) {
      record(injectFault(res, decision.fault, headers))
      return
    }
    const { status, body } = await answer(parts, route, req, text)
    sendJson(res, status, body, headers)
    record(status)
    if (route.endpoint === 'metrics.evaluate')
      parts.counters.recordEvaluation(JSON.parse(text) as EvaluateMetricsRequest)
  } catch (error) {
    if (parts.state.closing.aborted) {
      res.socket?.destroy()
      return
    }
    const e =
      error instanceof HttpError ? error : new HttpError(500, `Internal Server Error: ${String(error)}`)
    sendJson(res, e.status, e.body, { ...headers, ...e.headers })
    record(e.status)
  }
}
