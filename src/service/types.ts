/**
 * The contract between the matchers (in test workers) and the evaluation service (one per run, in the
 * main process). Two implementations: the service itself (in-process) and the worker-side remote that
 * reaches it over loopback. Everything that crosses is plain JSON.
 */
import type { ConversationRef, EvaluatedMetric, MetricDefinition, ServiceStats } from '../types.js'

/** An error as it crosses the channel: enough to rebuild a clear message in the worker. */
export interface SerializedFailure {
  /** Stable machine-readable code, e.g. `AMIGO_NOT_FOUND`, `AMIGO_REPLAY_MISS`, `AMIGO_UNKNOWN_METRIC`. */
  readonly code: string
  /** Human-readable message; never contains a secret. */
  readonly message: string
  /** HTTP status of the API response that caused it, when there was one. */
  readonly status?: number | undefined
  /**
   * Organization of the evaluation that failed, when known (set by `evaluate` once the organization is
   * resolved), so that the failure's judged-assertion record names it.
   */
  readonly organization?: string | undefined
}

export type Outcome<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly failure: SerializedFailure }

export interface EvaluationRequest {
  readonly conversation: ConversationRef
  /** Metric IDs (24-hex) or metric names; resolved by the service. At least one. */
  readonly metrics: readonly string[]
  /**
   * Ignore cached verdicts and judge again (the result is then cached as usual). Set by the matchers
   * when Vitest retries a test, so a retry does not replay the verdict it failed on.
   * @default false
   */
  readonly fresh?: boolean | undefined
}

export interface EvaluationBackend {
  /**
   * Resolves metric IDs or names to their definitions (fetched once per run; from the cache in replay).
   * One outcome per input, in input order: an unknown metric is a failure, not a throw.
   * In `replay` (no network) definitions come from cache entries: pass the `conversation` about to be
   * judged so its entries are read; without it, only entries already served in this run are known.
   */
  describe(
    metrics: readonly string[],
    conversation?: ConversationRef | undefined,
  ): Promise<ReadonlyArray<Outcome<MetricDefinition>>>
  /** Judges (or serves from cache) each metric for the conversation. One outcome per metric, in order. */
  evaluate(request: EvaluationRequest): Promise<ReadonlyArray<Outcome<EvaluatedMetric>>>
  /**
   * Declares metrics that will be asked for this conversation+interaction, so that they are judged
   * together in as few evaluate calls as possible. Resolves once they are available (or failed).
   */
  prefetch(conversation: ConversationRef, metrics: readonly string[]): Promise<void>
  /** The run's figures so far. */
  stats(): Promise<ServiceStats>
}

/**
 * What the run's service offers its workers beyond {@link EvaluationBackend}, so that they can answer
 * repeated asks themselves: the verdicts it already holds at a conversation+interaction, and a count of
 * the asks they answered with them (cache hits in the service's stats, as if the service had answered).
 */
export interface VerdictSharing {
  /**
   * The verdicts the service holds at the conversation+interaction (judged in this run or, as the cache
   * mode allows, cached for the current definitions), except for the metric IDs in `except`. Never
   * judges and never counts a cache hit; may look up the definitions of the metrics remembered there
   * (in the run's shared look-up, as asking for them would). Never rejects.
   */
  heldVerdicts(conversation: ConversationRef, except: readonly string[]): Promise<EvaluatedMetric[]>
  /** Counts `count` asks a worker answered from held verdicts, as cache hits. */
  countServedLocally(count: number): void
}
