/** The server's checks of request bodies (untrusted input arrives here), by route. */
import { z } from 'zod'
import { MAX_HELD_CONVERSATIONS, type Route, type RouteBody } from './protocol.js'

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
  '/held': z.strictObject({
    conversations: z
      .array(conversationSchema)
      .min(1, 'at least one conversation is needed')
      .max(MAX_HELD_CONVERSATIONS, `at most ${MAX_HELD_CONVERSATIONS} conversations per request`),
  }),
  '/stats': z.strictObject({}),
}
