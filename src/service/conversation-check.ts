/** The service's own check of a conversation reference that crossed a boundary (channel, in-process call). */
import { OBJECT_ID_PATTERN } from '../ids.js'
import type { ConversationRef } from '../types.js'

/** What is wrong with a conversation reference, or `undefined` when it is well-formed. */
export function conversationProblem(conversation: ConversationRef): string | undefined {
  const { conversationId, interactionId } = conversation
  if (typeof conversationId !== 'string' || !OBJECT_ID_PATTERN.test(conversationId)) {
    return `the conversation ID must be 24 lowercase hex characters, got ${JSON.stringify(conversationId)}`
  }
  if (
    interactionId !== null &&
    (typeof interactionId !== 'string' || !OBJECT_ID_PATTERN.test(interactionId))
  ) {
    return `the interaction ID must be 24 lowercase hex characters or null (the whole conversation), got ${JSON.stringify(interactionId)}`
  }
  return undefined
}
