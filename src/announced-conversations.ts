/**
 * How `conversation()` tells the test worker which conversations its test file is about to judge, without
 * importing the worker's backend: a listener kept on `globalThis` under a `Symbol.for` key (shared by
 * duplicate copies of this module), installed by the setup file. Without one, announcing does nothing.
 */
import type { ConversationRef } from './types.js'

const LISTENER = Symbol.for('vitest-amigo.conversation-listener')

type ConversationListener = (conversation: ConversationRef) => void
type ListenerHolder = { [LISTENER]?: ConversationListener | undefined }

/** Tells the listener, if any, that `conversation` was named. Never throws. */
export function announceConversation(conversation: ConversationRef): void {
  try {
    ;(globalThis as ListenerHolder)[LISTENER]?.(conversation)
  } catch {
    // Announcing only lets the worker get ready early; the assertions work without it.
  }
}

/** Sets (or, with `undefined`, removes) the listener of announced conversations. */
export function listenToConversations(listener: ConversationListener | undefined): void {
  ;(globalThis as ListenerHolder)[LISTENER] = listener
}
