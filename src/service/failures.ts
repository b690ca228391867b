/**
 * The failures the service reports per metric (never throws for them): their codes, and how an error of the
 * client becomes a {@link SerializedFailure} whose message names what was being done. Messages never carry
 * secrets: they are built from IDs, names and the client's own (already redacted) error messages.
 */
import type { ConversationRef, MetricDefinition } from '../types.js'
import type { SerializedFailure } from './types.js'

export const FAILURE_CODES = {
  badInput: 'AMIGO_BAD_INPUT',
  unknownMetric: 'AMIGO_UNKNOWN_METRIC',
  deletedMetric: 'AMIGO_METRIC_DELETED',
  replayMiss: 'AMIGO_REPLAY_MISS',
  missingResult: 'AMIGO_MISSING_RESULT',
  missingOrganization: 'AMIGO_MISSING_ORGANIZATION',
  channel: 'AMIGO_SERVICE_CHANNEL',
  unexpected: 'AMIGO_ERROR',
} as const

export function failure(code: string, message: string, status?: number): SerializedFailure {
  return status === undefined ? { code, message } : { code, message, status }
}

/** `conversation <id>, interaction <id>` or `conversation <id> (whole conversation)`. */
export function describeConversation(conversation: ConversationRef): string {
  return conversation.interactionId === null
    ? `conversation ${conversation.conversationId} (whole conversation)`
    : `conversation ${conversation.conversationId}, interaction ${conversation.interactionId}`
}

/** `"Empathy" (661879aa75130b73714e8d3f)`. */
export function describeMetric(metric: Pick<MetricDefinition, 'id' | 'name'>): string {
  return `"${metric.name}" (${metric.id})`
}

/** The error's own message, code and HTTP status, read structurally (the client's errors carry them). */
function causeOf(error: unknown): { code: string; message: string; status?: number | undefined } {
  if (error instanceof Error) {
    const { code, status } = error as Error & { code?: unknown; status?: unknown }
    return {
      code: typeof code === 'string' && code.startsWith('AMIGO_') ? code : FAILURE_CODES.unexpected,
      message: error.message,
      status: typeof status === 'number' ? status : undefined,
    }
  }
  return { code: FAILURE_CODES.unexpected, message: String(error) }
}

/** A failure of `what` (e.g. `evaluating metric "X" (id) for conversation ...`) caused by `error`. */
export function failureFromError(what: string, error: unknown): SerializedFailure {
  const cause = causeOf(error)
  return failure(cause.code, `vitest-amigo: ${what} failed: ${cause.message}`, cause.status)
}

/** The failure of judging `metric` for `conversation` because of `error`. */
export function evaluationFailure(
  conversation: ConversationRef,
  metric: Pick<MetricDefinition, 'id' | 'name'>,
  error: unknown,
): SerializedFailure {
  return failureFromError(
    `evaluating metric ${describeMetric(metric)} for ${describeConversation(conversation)}`,
    error,
  )
}

/** Replay mode found no cached verdict: says what is missing and how to record it. */
export function replayMissFailure(conversation: ConversationRef, metric: string): SerializedFailure {
  return failure(
    FAILURE_CODES.replayMiss,
    `vitest-amigo: no cached verdict for metric ${metric} on ${describeConversation(conversation)}, and the ` +
      'cache mode is "replay" (no network). To record it, run the tests once with AMIGO_EVAL_MODE=auto (or ' +
      'record) and API credentials (AMIGO_API_KEY, AMIGO_API_KEY_ID, AMIGO_USER_ID, AMIGO_ORGANIZATION_ID), ' +
      'then commit the cache directory.',
  )
}

export const missingOrganizationFailure: SerializedFailure = failure(
  FAILURE_CODES.missingOrganization,
  'vitest-amigo: no organization is configured: set the plugin option client.organization or the ' +
    'environment variable AMIGO_ORGANIZATION_ID.',
)
