/** The server's checks of request bodies (untrusted input arrives here), by route. */
import { z } from 'zod'
import type { Route, RouteBody } from './protocol.js'

const conversationSchema = z.strictObject({
  conversationId: z.string(),
  interactionId: z.string().nullable(),
})
const metricsSchema = z.array(z.string()).min(1, 'at least one metric is needed')

/** Request body schemas, by route. */
export const routeSchemas: { readonly [R in Route]: z.ZodType<RouteBody<R>> } = {
  '/describe': z.strictObject({ metrics: metricsSchema, conversation: conversationSchema.optional() }),
  '/evaluate': z.strictObject({
    conversation: conversationSchema,
    metrics: metricsSchema,
    fresh: z.boolean().optional(),
  }),
  '/prefetch': z.strictObject({ conversation: conversationSchema, metrics: metricsSchema }),
  '/stats': z.strictObject({}),
}
