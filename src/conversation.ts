/**
 * `conversation(id, { interaction })`: the value users hand to `expect(...)`, and `evaluateMetrics()` /
 * `prefetchMetrics()` for custom assertions and for declaring metrics ahead. Input is checked here, before
 * any network call, with errors that name the bad value.
 */
import { announceConversation } from './announced-conversations.js'
import { OBJECT_ID_PATTERN } from './ids.js'
import { showValue } from './internal/show-value.js'
import { AmigoEvaluationError, AmigoUsageError } from './matchers/errors.js'
import { metricRefsFromInput } from './matchers/metric-ref.js'
import { describeConversation } from './service/failures.js'
import type { EvaluationBackend } from './service/types.js'
import type { ConversationRef, EvaluatedMetric } from './types.js'

/** Options of {@link conversation}. */
export interface ConversationOptions {
  /**
   * 24-hex interaction ID: judge the conversation only up to and including this interaction.
   * @default undefined (the whole conversation)
   */
  interaction?: string | null | undefined
}

/**
 * What the matchers, {@link evaluateMetrics} and {@link prefetchMetrics} accept as the conversation:
 * a {@link conversation} value, a conversation ID string, or Amigo's own field names.
 */
export type ConversationInput =
  | ConversationRef
  | string
  | { readonly conversation_id: string; readonly interaction_id?: string | null | undefined }

const EXAMPLE_ID = '6618791275130b73714e8d1c'

/** Returns `id` when it is a 24-hex Amigo ID, else throws naming `what`, the value and the right form. */
function checkObjectId(id: unknown, what: string): string {
  if (typeof id === 'string' && OBJECT_ID_PATTERN.test(id)) return id
  const hint = typeof id === 'string' && /^[a-fA-F0-9]{24}$/.test(id) ? ' (Amigo IDs are lowercase)' : ''
  throw new AmigoUsageError(
    `${what} ${showValue(id)} is not an Amigo ID: expected 24 lowercase hex characters, e.g. "${EXAMPLE_ID}"${hint}`,
  )
}

function freezeRef(conversationId: string, interactionId: string | null): ConversationRef {
  return Object.freeze({ conversationId, interactionId })
}

/**
 * Names a conversation to judge, optionally only up to (and including) one interaction.
 *
 * @example
 * const onboarding = conversation('6618791275130b73714e8d1c', { interaction: '6618791275130b73714e8d2a' })
 * await expect(onboarding).toScoreMetric('Empathy', 7)
 */
export function conversation(id: string, options: ConversationOptions = {}): ConversationRef {
  const conversationId = checkObjectId(id, 'conversation(): the conversation ID')
  if (options === null || typeof options !== 'object') {
    throw new AmigoUsageError(
      `conversation(): options must be an object like { interaction: "<24-hex ID>" }, got ${showValue(options)}`,
    )
  }
  const interaction = options.interaction ?? null
  const interactionId =
    interaction === null ? null : checkObjectId(interaction, 'conversation(): the interaction ID')
  const ref = freezeRef(conversationId, interactionId)
  // In a test worker of a run with the plugin, the verdicts the run's service already holds for it are
  // fetched now, while the file is being collected, so that its assertions need not ask one by one.
  announceConversation(ref)
  return ref
}

/**
 * Reads any accepted {@link ConversationInput} into a frozen {@link ConversationRef}, or throws an
 * {@link AmigoUsageError} that names the value and the accepted forms. `where` prefixes the message.
 */
export function toConversation(input: unknown, where: string): ConversationRef {
  if (typeof input === 'string') return freezeRef(checkObjectId(input, `${where}: the conversation ID`), null)
  if (input !== null && typeof input === 'object') {
    const fields = input as Record<string, unknown>
    if ('conversationId' in fields) {
      const interaction = fields.interactionId ?? null
      return freezeRef(
        checkObjectId(fields.conversationId, `${where}: the conversation ID`),
        interaction === null ? null : checkObjectId(interaction, `${where}: the interaction ID`),
      )
    }
    if ('conversation_id' in fields) {
      const interaction = fields.interaction_id ?? null
      return freezeRef(
        checkObjectId(fields.conversation_id, `${where}: conversation_id`),
        interaction === null ? null : checkObjectId(interaction, `${where}: interaction_id`),
      )
    }
  }
  throw new AmigoUsageError(
    `${where}: the conversation must be a conversation(...) value, a conversation ID string or { conversation_id, interaction_id? }, got ${showValue(input)}`,
  )
}

/**
 * The test worker's evaluation backend, loaded on first use so that importing this package (for the
 * client, say) does not load Vitest's runtime.
 */
async function workerBackend(): Promise<EvaluationBackend> {
  const { getBackend } = await import('./matchers/backend.js')
  return await getBackend()
}

/**
 * Judges (or reads from the cache) the given metrics for a conversation and returns the raw results, in
 * the order asked, for custom assertions. Metrics are 24-hex IDs or names. Throws when any of them could
 * not be had, naming the metric and why.
 *
 * @example
 * const [empathy, escalated] = await evaluateMetrics(onboarding, ['Empathy', 'Escalated correctly'])
 * expect(empathy.value).toBeGreaterThan(escalated.value ? 5 : 7)
 */
export async function evaluateMetrics(
  conversation: ConversationInput,
  metrics: string | readonly string[],
): Promise<EvaluatedMetric[]> {
  const ref = toConversation(conversation, 'evaluateMetrics()')
  const refs = metricRefsFromInput(metrics, 'evaluateMetrics()')
  const backend = await workerBackend()
  const outcomes = await backend.evaluate({ conversation: ref, metrics: refs })
  const failures = outcomes.flatMap((outcome, index) =>
    outcome.ok ? [] : [{ ref: refs[index], ...outcome.failure }],
  )
  const [first] = failures
  if (first !== undefined) {
    throw new AmigoEvaluationError(
      `evaluateMetrics(): could not evaluate ${failures.length} of ${refs.length} metric(s) for ${describeConversation(ref)}:\n${failures.map((f) => `- ${f.ref}: ${f.message}`).join('\n')}`,
      first.code,
    )
  }
  return outcomes.flatMap((outcome) => (outcome.ok ? [outcome.value] : []))
}

/**
 * Declares metrics that tests will ask for this conversation, so they are judged together, in as few
 * evaluate calls as possible (e.g. in `beforeAll`). Resolves once they are available; failures are left
 * for the assertions to report.
 */
export async function prefetchMetrics(
  conversation: ConversationInput,
  metrics: string | readonly string[],
): Promise<void> {
  const ref = toConversation(conversation, 'prefetchMetrics()')
  const refs = metricRefsFromInput(metrics, 'prefetchMetrics()')
  const backend = await workerBackend()
  await backend.prefetch(ref, refs)
}
