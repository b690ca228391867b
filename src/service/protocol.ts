/**
 * The channel between test workers and the evaluation service: loopback HTTP, one POST route per backend
 * method, plain JSON bodies, and the run's secret in a header. Shared by the server and the remote so the
 * two cannot disagree.
 */
import { z } from 'zod'

/** The header carrying the run's secret. */
export const SECRET_HEADER = 'x-vitest-amigo-secret'

/** The largest request body the service reads, in bytes. */
export const MAX_BODY_BYTES = 1024 * 1024

const conversationSchema = z.strictObject({
  conversationId: z.string(),
  interactionId: z.string().nullable(),
})
const metricsSchema = z.array(z.string()).min(1, 'at least one metric is needed')

/** Request body schemas, by route. */
export const routes = {
  '/describe': z.strictObject({ metrics: metricsSchema, conversation: conversationSchema.optional() }),
  '/evaluate': z.strictObject({
    conversation: conversationSchema,
    metrics: metricsSchema,
    fresh: z.boolean().optional(),
  }),
  '/prefetch': z.strictObject({ conversation: conversationSchema, metrics: metricsSchema }),
  '/stats': z.strictObject({}),
} as const

export type Route = keyof typeof routes
export type RouteBody<R extends Route> = z.infer<(typeof routes)[R]>

export function isRoute(path: string): path is Route {
  return Object.hasOwn(routes, path)
}

/** What the service answers: `{ result }` with status 200, else `{ error }` with the status of the problem. */
export type ChannelAnswer = { readonly result: unknown } | { readonly error: string }
