/**
 * The simulator's routes: the reference's exact paths and slashes. As in FastAPI, any
 * `/metric/{segment}/` is the update/delete route, so a bad ID answers 422, and a known path with
 * another method answers 405.
 */
import { HttpError } from './http-error.js'
import type { SimulatorEndpoint } from './options.js'

interface Route {
  readonly method: string
  readonly pattern: RegExp
  readonly endpoint: SimulatorEndpoint
}

const ROUTES: readonly Route[] = [
  { method: 'POST', pattern: /^\/v1\/([^/]+)\/user\/signin_with_api_key$/, endpoint: 'signin' },
  { method: 'GET', pattern: /^\/v1\/([^/]+)\/metric\/$/, endpoint: 'metrics.get' },
  { method: 'POST', pattern: /^\/v1\/([^/]+)\/metric\/$/, endpoint: 'metrics.create' },
  { method: 'GET', pattern: /^\/v1\/([^/]+)\/metric\/search\/$/, endpoint: 'metrics.search' },
  { method: 'POST', pattern: /^\/v1\/([^/]+)\/metric\/evaluate$/, endpoint: 'metrics.evaluate' },
  { method: 'POST', pattern: /^\/v1\/([^/]+)\/metric\/([^/]+)\/$/, endpoint: 'metrics.update' },
  { method: 'DELETE', pattern: /^\/v1\/([^/]+)\/metric\/([^/]+)\/$/, endpoint: 'metrics.delete' },
]

export interface RouteMatch {
  readonly endpoint: SimulatorEndpoint
  readonly organization: string
  /** The `{metric_id}` path segment of update and delete, unvalidated. */
  readonly metricId: string | undefined
}

/** The route of `method` + `pathname`, or a 404/405 {@link HttpError}. */
export function matchRoute(method: string, pathname: string): RouteMatch {
  let pathMatched = false
  for (const route of ROUTES) {
    const match = route.pattern.exec(pathname)
    if (match === null) continue
    pathMatched = true
    if (route.method !== method) continue
    return {
      endpoint: route.endpoint,
      organization: decodeURIComponent(match[1] ?? ''),
      metricId: match[2] === undefined ? undefined : decodeURIComponent(match[2]),
    }
  }
  throw pathMatched ? new HttpError(405, 'Method Not Allowed') : new HttpError(404, 'Not Found')
}
