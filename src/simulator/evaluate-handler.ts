/**
 * Handler of `POST /metric/evaluate`: the deterministic judge over the conversation up to the
 * requested interaction, one result per metric in the order of `metric_ids`.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import { evaluateMetricsRequestSchema } from '../client/schemas.js'
import { messagesUpTo } from './conversation-prefix.js'
import { type EndpointHandler, requireBody } from './endpoint-handler.js'
import { HttpError, notFound, parseOr422 } from './http-error.js'
import { judgeMetric } from './judge/index.js'

export const evaluateMetrics: EndpointHandler = async (state, request) => {
  const body = parseOr422(evaluateMetricsRequestSchema, requireBody(request), 'body')
  const conversation = state.conversations.get(body.conversation_id)
  if (conversation === undefined) throw notFound('Conversation', body.conversation_id)
  if (conversation.interactions.length === 0) {
    throw new HttpError(400, `Conversation ${conversation.id} has no interactions to evaluate.`)
  }
  const messages = messagesUpTo(conversation, body.evaluate_to_interaction_id)
  if (messages === undefined) throw notFound('Interaction', String(body.evaluate_to_interaction_id))
  const metrics = body.metric_ids.map((id) => state.store.live(id))
  if (state.judgeLatencyMs > 0) await sleep(state.judgeLatencyMs, undefined, { signal: state.closing })
  return {
    status: 200,
    body: {
      metrics: metrics.map((metric) => {
        const { value, references, justification } = judgeMetric(metric, messages)
        return { metric_id: metric.id, name: metric.name, value, references, justification }
      }),
    },
  }
}
