/**
 * The channel between test workers and the evaluation service: loopback HTTP, one POST route per backend
 * method, plain JSON bodies, and the run's secret in a header. Shared by the server and the remote so the
 * two cannot disagree. No dependencies: test workers load it; the server checks bodies with the schemas of
 * `protocol-schemas.ts`.
 */
import type { ConversationRef, EvaluatedMetric } from '../types.js'
import type { Outcome } from './types.js'

/** The header carrying the run's secret. */
export const SECRET_HEADER = 'x-vitest-amigo-secret'

/**
 * The header by which a worker reports, with any request, how many asks it has served itself from verdicts
 * the service gave it since its last request (counted as cache hits in the service's stats).
 */
export const SERVED_LOCALLY_HEADER = 'x-vitest-amigo-served-locally'

/** The largest request body the service reads, in bytes. */
export const MAX_BODY_BYTES = 1024 * 1024

/** The most conversations one `/held` request may name. */
export const MAX_HELD_CONVERSATIONS = 100

/** Request bodies, by route. */
export interface RouteBodies {
  '/describe': { metrics: string[]; conversation?: ConversationRef | undefined }
  '/evaluate': { conversation: ConversationRef; metrics: string[]; fresh?: boolean | undefined }
  '/prefetch': { conversation: ConversationRef; metrics: string[] }
  /** The verdicts the service holds at these conversation+interaction pairs (answer: `EvaluatedMetric[]`). */
  '/held': { conversations: ConversationRef[] }
  '/stats': Record<string, never>
}

export type Route = keyof RouteBodies
export type RouteBody<R extends Route> = RouteBodies[R]

export const ROUTES: readonly Route[] = ['/describe', '/evaluate', '/prefetch', '/held', '/stats']

export function isRoute(path: string): path is Route {
  return (ROUTES as readonly string[]).includes(path)
}

/**
 * The result of `/evaluate`: one outcome per metric asked, in order, and the verdicts the service already
 * holds for other metrics at the same conversation+interaction, which the worker may serve itself.
 */
export interface EvaluateAnswer {
  readonly outcomes: ReadonlyArray<Outcome<EvaluatedMetric>>
  readonly held: readonly EvaluatedMetric[]
}

/** What the service answers: `{ result }` with status 200, else `{ error }` with the status of the problem. */
export type ChannelAnswer = { readonly result: unknown } | { readonly error: string }
