/**
 * Turns single metric requests into few evaluate calls: requests for the same conversation+interaction that
 * are pending together (within the batch window) go out as one call of up to 10 metrics, and a request
 * identical to one already pending or in flight joins it instead of causing another call (single-flight).
 */
import type { CacheLocation } from '../cache/types.js'
import type { EvaluatedMetric, MetricDefinition } from '../types.js'
import { chunked, type Deferred, deferred } from './deferred.js'
import { evaluationFailure } from './failures.js'
import type { Outcome, SerializedFailure } from './types.js'

/** The most metrics one evaluate call may carry (the API's limit). */
export const METRICS_PER_EVALUATE_CALL = 10

export type EvaluationOutcome = Outcome<EvaluatedMetric>

export interface EvaluationSchedulerOptions {
  /** How long a batch collects requests before it goes out, in milliseconds (`0`: one event-loop turn). */
  readonly windowMs: number
  /** Judges up to 10 metrics at one location in one call; one outcome per metric, in order. Never rejects. */
  readonly judge: (
    location: CacheLocation,
    metrics: readonly MetricDefinition[],
  ) => Promise<EvaluationOutcome[]>
  /**
   * Called when a batch opens at a location: may add more metrics to it (the remembered set) through
   * `add` before the batch goes out, which waits for the returned promise. Never rejects.
   */
  readonly onBatchOpened: (location: CacheLocation, add: (metric: MetricDefinition) => void) => Promise<void>
}

interface PendingBatch {
  readonly location: CacheLocation
  readonly metrics: Map<
    string,
    { readonly metric: MetricDefinition; readonly settle: Deferred<EvaluationOutcome> }
  >
}

/** The key of a location: organization, conversation and interaction. */
export function locationKey(location: CacheLocation): string {
  return JSON.stringify([location.organization, location.conversationId, location.interactionId])
}

/** The key of one verdict: location, metric and the definition's fingerprint. */
export function verdictKey(location: CacheLocation, metric: MetricDefinition): string {
  return `${locationKey(location)}:${metric.id}:${metric.fingerprint}`
}

export class EvaluationScheduler {
  private readonly pending = new Map<string, PendingBatch>()
  private readonly inFlight = new Map<string, Promise<EvaluationOutcome>>()

  constructor(private readonly options: EvaluationSchedulerOptions) {}

  /** Whether this verdict is pending or in flight (so asking for it would join, not call). */
  has(location: CacheLocation, metric: MetricDefinition): boolean {
    return this.inFlight.has(verdictKey(location, metric))
  }

  /**
   * The outcome of judging `metric` at `location`, from the next batch there; `joined` when an identical
   * request was already pending or in flight and this one joined it.
   */
  schedule(
    location: CacheLocation,
    metric: MetricDefinition,
  ): { outcome: Promise<EvaluationOutcome>; joined: boolean } {
    const key = verdictKey(location, metric)
    const existing = this.inFlight.get(key)
    if (existing) return { outcome: existing, joined: true }
    const settle = deferred<EvaluationOutcome>()
    this.inFlight.set(key, settle.promise)
    void settle.promise.then(() => this.inFlight.delete(key))
    this.batchAt(location).metrics.set(metric.id, { metric, settle })
    return { outcome: settle.promise, joined: false }
  }

  private batchAt(location: CacheLocation): PendingBatch {
    const key = locationKey(location)
    const open = this.pending.get(key)
    if (open) return open
    const batch: PendingBatch = { location, metrics: new Map() }
    this.pending.set(key, batch)
    const remembered = this.options.onBatchOpened(location, (metric) => {
      if (this.pending.get(key) === batch) this.schedule(location, metric)
    })
    void Promise.all([this.window(), remembered]).then(() => {
      this.pending.delete(key)
      return this.send(batch)
    })
    return batch
  }

  private window(): Promise<void> {
    const { windowMs } = this.options
    return new Promise((done) => (windowMs > 0 ? setTimeout(done, windowMs) : setImmediate(done)))
  }

  private async send(batch: PendingBatch): Promise<void> {
    const items = [...batch.metrics.values()]
    await Promise.all(
      chunked(items, METRICS_PER_EVALUATE_CALL).map(async (chunk) => {
        const metrics = chunk.map(({ metric }) => metric)
        const outcomes = await this.options
          .judge(batch.location, metrics)
          .catch((error: unknown) =>
            metrics.map((metric) => failed(evaluationFailure(batch.location, metric, error))),
          )
        chunk.forEach(({ metric, settle }, index) => {
          settle.resolve(
            outcomes[index] ??
              failed(evaluationFailure(batch.location, metric, new Error('the service returned no outcome'))),
          )
        })
      }),
    )
  }
}

function failed(failure: SerializedFailure): EvaluationOutcome {
  return { ok: false, failure }
}
