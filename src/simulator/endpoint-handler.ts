/**
 * What an endpoint handler receives and returns, and the simulator state it works on.
 */
import type { IncomingHttpHeaders } from 'node:http'
import type { UserInfo } from '../client/schemas.js'
import type { FixtureConversation } from './fixtures.js'
import { validationError } from './http-error.js'
import type { MetricStore } from './metric-store.js'
import type { RouteMatch } from './routes.js'

export interface SimulatorState {
  readonly organization: string
  readonly store: MetricStore
  readonly conversations: ReadonlyMap<string, FixtureConversation>
  /** The signed-in user, as metrics record their creator and last editor. */
  readonly user: UserInfo
  /** Milliseconds each successful evaluate answer takes. */
  readonly judgeLatencyMs: number
  /** Aborted when the simulator closes, to cut waits short. */
  readonly closing: AbortSignal
}

export interface ApiRequest {
  readonly route: RouteMatch
  readonly query: URLSearchParams
  readonly headers: IncomingHttpHeaders
  /** The parsed JSON body; `undefined` when the request had none. */
  readonly body: unknown
}

export interface ApiResponse {
  readonly status: number
  readonly body: unknown
}

export type EndpointHandler = (
  state: SimulatorState,
  request: ApiRequest,
) => ApiResponse | Promise<ApiResponse>

/** The request's body; FastAPI's 422 when it has none. */
export function requireBody(request: ApiRequest): unknown {
  if (request.body === undefined)
    throw validationError([{ loc: ['body'], msg: 'Field required', type: 'missing' }])
  return request.body
}
