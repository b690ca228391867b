/**
 * The evaluation service: one per run, in the main process. It serves judged metrics from the cache by
 * the rules of the cache mode, judges the rest through the scheduler (single-flight, batches of up to 10
 * metrics per conversation+interaction, remembered metric sets prefetched together), and keeps the
 * run's figures. Nothing it answers is a throw: every metric gets an outcome.
 */
import { createEvaluationCache, resolveCacheMode } from '../cache/index.js'
import type { CacheEntry, CacheLocation, CacheMode, EvaluationCache } from '../cache/types.js'
import { AmigoClient } from '../client/client.js'
import { loadMetricsCode } from '../client/lazy-metrics.js'
import type { RateLimitWaitEvent } from '../client/rate-limit-gate.js'
import type { ConversationRef, EvaluatedMetric, MetricDefinition, ServiceStats } from '../types.js'
import { conversationProblem } from './conversation-check.js'
import { definitionFromCacheEntry } from './definition-conversion.js'
import { type EvaluationOutcome, EvaluationScheduler, locationKey } from './evaluation-scheduler.js'
import {
  describeConversation,
  evaluationFailure,
  FAILURE_CODES,
  failure,
  failureFromError,
  missingOrganizationFailure,
  replayMissFailure,
} from './failures.js'
import { isMetricId, MetricDefinitions } from './metric-definitions.js'
import { type EvaluationServiceOptions, resolveDurations, resolveOrganization } from './options.js'
import { type RateLimitPatience, withRateLimitPatience } from './rate-limit-patience.js'
import { StatsRecorder } from './service-stats.js'
import type {
  EvaluationBackend,
  EvaluationRequest,
  Outcome,
  SerializedFailure,
  VerdictSharing,
} from './types.js'
import { entryFromVerdict, verdictFromEntry } from './verdicts.js'

export type RateLimitWaitListener = (event: RateLimitWaitEvent) => void

const failed = (reason: SerializedFailure): { ok: false; failure: SerializedFailure } => ({
  ok: false,
  failure: reason,
})

export class EvaluationService implements EvaluationBackend, VerdictSharing {
  readonly mode: CacheMode
  private readonly cache: EvaluationCache
  private readonly organization: string | undefined
  private readonly recorder = new StatsRecorder()
  private readonly rateLimitListeners = new Set<RateLimitWaitListener>()
  private readonly definitions: MetricDefinitions
  private readonly scheduler: EvaluationScheduler
  /**
   * Verdicts judged during this run, by location key and metric ID: asked again (for the same definition),
   * they are not judged again.
   */
  private readonly judgedThisRun = new Map<string, Map<string, EvaluatedMetric>>()
  /** Definitions seen in cache entries (replay mode, where there is no network). */
  private readonly replayed = new Map<string, MetricDefinition>()
  private readonly patience: RateLimitPatience
  private client: AmigoClient | undefined

  /** Throws a `ConfigurationError` for an invalid mode or cache directory (before any request). */
  constructor(private readonly options: EvaluationServiceOptions = {}) {
    this.mode = resolveCacheMode(options.mode)
    this.cache = options.cache ?? createEvaluationCache(options)
    this.organization = resolveOrganization(options)
    // Every mode but replay may call the API (a warm run looks the definitions up): load the client's code
    // now, while Vitest starts its workers, rather than when the first worker's first assertion waits.
    if (this.mode !== 'replay') loadMetricsCode().catch(() => undefined)
    const { batchWindowMs, rateLimitPatienceMs } = resolveDurations(options)
    this.patience = { patienceMs: rateLimitPatienceMs, onWait: (event) => this.rateLimitWaited(event) }
    this.definitions = new MetricDefinitions({
      windowMs: batchWindowMs,
      client: () => this.apiClient(),
      patiently: (send) => withRateLimitPatience(send, this.patience),
      onLookup: () => this.recorder.add('definitionCalls'),
    })
    this.scheduler = new EvaluationScheduler({
      windowMs: batchWindowMs,
      judge: (location, metrics) => this.judge(location, metrics),
      onBatchOpened: (location, add) => this.addRememberedMetrics(location, add),
    })
  }

  /** Subscribes to the client's rate-limit waits (for the reporter); returns the unsubscribe function. */
  onRateLimitWait(listener: RateLimitWaitListener): () => void {
    this.rateLimitListeners.add(listener)
    return () => this.rateLimitListeners.delete(listener)
  }

  async stats(): Promise<ServiceStats> {
    return this.recorder.snapshot()
  }

  countServedLocally(count: number): void {
    this.recorder.add('cacheHits', count)
  }

  async heldVerdicts(conversation: ConversationRef, except: readonly string[]): Promise<EvaluatedMetric[]> {
    const location = this.locate(conversation)
    if (!location.ok) return []
    const wanted = (metricId: string): boolean => !except.includes(metricId)
    try {
      if (this.mode === 'replay') {
        const entries = (await this.cachedEntries(location.value)).filter((entry) => wanted(entry.metricId))
        return entries.map((entry) =>
          verdictFromEntry(location.value, definitionFromCacheEntry(entry), entry),
        )
      }
      const judged = this.judgedThisRun.get(locationKey(location.value))?.keys() ?? []
      const ids = new Set([...(await this.rememberedIds(location.value)), ...judged])
      const definitions = await this.definitions.resolve([...ids].filter(wanted))
      const verdicts = await Promise.all(
        definitions.map((definition) =>
          definition.ok ? this.knownVerdict(location.value, definition.value) : undefined,
        ),
      )
      return verdicts.filter((verdict) => verdict !== undefined)
    } catch {
      // Sharing is an optimization: without it, workers ask the service as usual.
      return []
    }
  }

  /**
   * Definitions of metrics by ID or name. In `replay` there is no network: definitions come from the
   * cache entries of `conversation` (when given) and of every conversation served so far in this run.
   */
  async describe(
    metrics: readonly string[],
    conversation?: ConversationRef | undefined,
  ): Promise<Array<Outcome<MetricDefinition>>> {
    if (this.mode !== 'replay') {
      const location = conversation && this.locate(conversation)
      return this.resolveDefinitions(metrics, location?.ok ? location.value : undefined)
    }
    if (conversation !== undefined && conversationProblem(conversation) === undefined && this.organization) {
      await this.cachedEntries(this.locationOf(conversation, this.organization))
    }
    return metrics.map((metric) => {
      const known = this.replayed.get(metric)
      if (known) return { ok: true, value: known }
      return failed(
        conversation === undefined
          ? failure(
              FAILURE_CODES.replayMiss,
              `vitest-amigo: metric ${metric} is not in the cache of any conversation served so far, and the ` +
                'cache mode is "replay" (no network). Record it with AMIGO_EVAL_MODE=auto and credentials.',
            )
          : replayMissFailure(conversation, metric),
      )
    })
  }

  /**
   * In `replay`, `fresh` cannot be honoured (no network): the recorded verdict is served. Failures name the
   * organization once it is known.
   */
  async evaluate(request: EvaluationRequest): Promise<EvaluationOutcome[]> {
    const location = this.locate(request.conversation)
    if (!location.ok) return request.metrics.map(() => location)
    const { organization } = location.value
    const outcomes =
      this.mode === 'replay'
        ? await this.replay(location.value, request)
        : await this.verdicts(location.value, request.metrics, request.fresh === true, true)
    return outcomes.map((outcome) => (outcome.ok ? outcome : failed({ ...outcome.failure, organization })))
  }

  async prefetch(conversation: ConversationRef, metrics: readonly string[]): Promise<void> {
    const location = this.locate(conversation)
    if (location.ok && this.mode !== 'replay') await this.verdicts(location.value, metrics, false, false)
  }

  /**
   * The verdicts of metrics at one location: from this run or the cache when the mode allows, else judged.
   * The misses are scheduled in one go, so the metrics of one request always share a batch.
   */
  private async verdicts(
    location: CacheLocation,
    metrics: readonly string[],
    fresh: boolean,
    countHits: boolean,
  ): Promise<EvaluationOutcome[]> {
    const definitions = await this.resolveDefinitions(metrics, location)
    const known = await Promise.all(
      definitions.map((definition) =>
        definition.ok && !fresh ? this.knownVerdict(location, definition.value) : undefined,
      ),
    )
    return Promise.all(
      definitions.map((definition, index): EvaluationOutcome | Promise<EvaluationOutcome> => {
        if (!definition.ok) return definition
        const verdict = known[index]
        if (verdict) {
          if (countHits) this.recorder.add('cacheHits')
          return { ok: true, value: verdict }
        }
        const { outcome, joined } = this.scheduler.schedule(location, definition.value)
        if (joined) this.recorder.add('deduplicated')
        return outcome
      }),
    )
  }

  /**
   * Definitions of `metrics`; the IDs the cache remembers at the conversation+interaction join the same
   * look-up, so that one get-metrics call brings the definitions of a whole remembered set (a warm run
   * needs about one).
   */
  private async resolveDefinitions(
    metrics: readonly string[],
    location: CacheLocation | undefined,
  ): Promise<Array<Outcome<MetricDefinition>>> {
    const remembered = location ? await this.rememberedIds(location) : []
    const outcomes = this.definitions.resolve(metrics)
    this.definitions.prefetch(remembered)
    return outcomes
  }

  /** The metric IDs the cache remembers at a location (none in mode `off`, or when it cannot be read). */
  private async rememberedIds(location: CacheLocation): Promise<string[]> {
    if (this.mode === 'off') return []
    try {
      return (await this.cache.list(location)).map((entry) => entry.metricId)
    } catch {
      // Unreadable: the verdicts' own look-ups report it.
      return []
    }
  }

  private locate(conversation: ConversationRef): Outcome<CacheLocation> {
    const problem = conversationProblem(conversation)
    if (problem) return failed(failure(FAILURE_CODES.badInput, `vitest-amigo: ${problem}`))
    const organization = this.organization ?? this.client?.organization
    if (!organization) return failed(missingOrganizationFailure)
    return { ok: true, value: this.locationOf(conversation, organization) }
  }

  private locationOf(conversation: ConversationRef, organization: string): CacheLocation {
    return {
      organization,
      conversationId: conversation.conversationId,
      interactionId: conversation.interactionId,
    }
  }

  /** Replay: only what the cache holds at the location, matched by metric ID or name. */
  private async replay(location: CacheLocation, request: EvaluationRequest): Promise<EvaluationOutcome[]> {
    let entries: readonly CacheEntry[]
    try {
      entries = await this.cachedEntries(location)
    } catch (error) {
      const reason = failureFromError(`reading the cache of ${describeConversation(location)}`, error)
      return request.metrics.map(() => failed(reason))
    }
    return request.metrics.map((metric) => {
      const entry =
        entries.find((candidate) => candidate.metricId === metric) ??
        entries.find((candidate) => candidate.metricName === metric)
      if (!entry) return failed(replayMissFailure(location, metric))
      this.recorder.add('cacheHits')
      return { ok: true, value: verdictFromEntry(location, definitionFromCacheEntry(entry), entry) }
    })
  }

  private async cachedEntries(location: CacheLocation): Promise<readonly CacheEntry[]> {
    const entries = await this.cache.list(location)
    for (const entry of entries) {
      const definition = definitionFromCacheEntry(entry)
      this.replayed.set(definition.id, definition)
      this.replayed.set(definition.name, definition)
    }
    return entries
  }

  /** A verdict that needs no call: judged earlier in this run, or (mode `auto`) cached for this definition. */
  private async knownVerdict(
    location: CacheLocation,
    metric: MetricDefinition,
  ): Promise<EvaluatedMetric | undefined> {
    const judged = this.judgedThisRun.get(locationKey(location))?.get(metric.id)
    if (judged?.metric.fingerprint === metric.fingerprint) return judged
    if (this.mode !== 'auto') return undefined
    const entry = await this.cache.get(location, metric.id, metric.fingerprint)
    return entry && verdictFromEntry(location, metric, entry)
  }

  /**
   * Prefetch of remembered sets: when a batch opens at a location, every metric the cache remembers there
   * that also needs judging (edited, not judged yet in `record`) joins the batch.
   */
  private async addRememberedMetrics(
    location: CacheLocation,
    add: (metric: MetricDefinition) => void,
  ): Promise<void> {
    if (this.mode === 'off') return
    try {
      const remembered = [...new Set((await this.cache.list(location)).map((entry) => entry.metricId))]
      const definitions = await this.definitions.resolve(remembered.filter(isMetricId))
      await Promise.all(
        definitions.map(async (definition) => {
          if (!definition.ok || this.scheduler.has(location, definition.value)) return
          if (!(await this.knownVerdict(location, definition.value))) add(definition.value)
        }),
      )
    } catch (error) {
      process.emitWarning(
        `vitest-amigo: could not read the metrics remembered for ${describeConversation(location)}: ${String(error)}`,
      )
    }
  }

  /** One evaluate call for up to 10 metrics at one location; stores what succeeded. Never rejects. */
  private async judge(
    location: CacheLocation,
    metrics: readonly MetricDefinition[],
  ): Promise<EvaluationOutcome[]> {
    let client: AmigoClient
    let answer: Awaited<ReturnType<AmigoClient['metrics']['evaluate']>>
    try {
      client = this.apiClient()
      this.recorder.add('evaluateCalls')
      if (metrics.length > 1) this.recorder.add('batchedCalls')
      const body = {
        metric_ids: metrics.map((metric) => metric.id),
        conversation_id: location.conversationId,
        ...(location.interactionId === null ? {} : { evaluate_to_interaction_id: location.interactionId }),
      }
      answer = await withRateLimitPatience(() => client.metrics.evaluate(body), this.patience)
    } catch (error) {
      return metrics.map((metric) => failed(evaluationFailure(location, metric, error)))
    }
    const judgedAt = new Date().toISOString()
    const results = new Map(answer.metrics.map((result) => [result.metric_id, result]))
    const outcomes = metrics.map((metric): EvaluationOutcome => {
      const result = results.get(metric.id)
      if (!result) {
        return failed(
          evaluationFailure(location, metric, new Error('the API answered without a result for this metric')),
        )
      }
      const verdict: EvaluatedMetric = {
        organization: location.organization,
        conversationId: location.conversationId,
        interactionId: location.interactionId,
        metric,
        value: result.value,
        justification: result.justification,
        references: result.references,
        judgedAt,
        source: 'fresh',
        baseUrl: client.baseUrl,
      }
      this.rememberJudged(location, verdict)
      return { ok: true, value: verdict }
    })
    const judged = outcomes.flatMap((outcome) => (outcome.ok ? [outcome.value] : []))
    this.recorder.add('cacheMisses', judged.length)
    await this.store(location, judged)
    return outcomes
  }

  private rememberJudged(location: CacheLocation, verdict: EvaluatedMetric): void {
    const key = locationKey(location)
    let judged = this.judgedThisRun.get(key)
    if (!judged) {
      judged = new Map()
      this.judgedThisRun.set(key, judged)
    }
    judged.set(verdict.metric.id, verdict)
  }

  private async store(location: CacheLocation, verdicts: readonly EvaluatedMetric[]): Promise<void> {
    if (verdicts.length === 0 || (this.mode !== 'auto' && this.mode !== 'record')) return
    try {
      await this.cache.put(location, verdicts.map(entryFromVerdict))
    } catch (error) {
      process.emitWarning(
        `vitest-amigo: could not store verdicts for ${describeConversation(location)} in the cache: ${String(error)}`,
      )
    }
  }

  private rateLimitWaited(event: RateLimitWaitEvent): void {
    this.recorder.add('rateLimitWaitMs', event.waitMs)
    for (const listener of this.rateLimitListeners) listener(event)
  }

  /** The API client, created on first need with the run's rate-limit and retry hooks. */
  private apiClient(): AmigoClient {
    if (this.client) return this.client
    const options = this.options.client ?? {}
    this.client = new AmigoClient({
      ...options,
      onRateLimitWait: (event) => {
        this.rateLimitWaited(event)
        options.onRateLimitWait?.(event)
      },
      onRetry: (event) => {
        this.recorder.add('retries')
        options.onRetry?.(event)
      },
    })
    return this.client
  }
}
