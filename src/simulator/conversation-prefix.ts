/**
 * The part of a conversation an evaluation judges: every message up to and including one interaction.
 */
import type { FixtureConversation, FixtureMessage } from './fixtures.js'

/**
 * The messages of `conversation` up to and including interaction `interactionId`, or all of them when it
 * is `null`/`undefined`. Returns `undefined` when the conversation has no such interaction.
 */
export function messagesUpTo(
  conversation: FixtureConversation,
  interactionId: string | null | undefined,
): FixtureMessage[] | undefined {
  const end =
    interactionId === null || interactionId === undefined
      ? conversation.interactions.length - 1
      : conversation.interactions.findIndex((i) => i.id === interactionId)
  if (end < 0) return undefined
  return conversation.interactions.slice(0, end + 1).flatMap((i) => i.messages)
}
