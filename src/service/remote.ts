/**
 * The worker side of the channel: an {@link EvaluationBackend} that forwards calls to the run's evaluation
 * service over loopback (HTTP over kept-alive connections, channel-client.ts), and answers what it already can by itself:
 * - definitions it was given once (`describe` succeeds the same way for the whole run);
 * - verdicts the service shared: those it held at a conversation+interaction when this worker announced
 *   it ({@link RemoteEvaluationBackend.anticipate}, as `conversation()` does in a test file) or when it
 *   answered an `evaluate` there; never for `fresh` asks (retries). Each ask answered so is reported to
 *   the service with the next request, where it counts as the cache hit it would have been; those not
 *   reported by the end of a test file are handed over with {@link RemoteEvaluationBackend.takeUnreported}.
 * A channel failure becomes, for `describe` and `evaluate`, one failure per metric with code
 * `AMIGO_SERVICE_CHANNEL`; `prefetch` and `stats` reject with it.
 *
 * Answers of the service are trusted (it is this run's own) after a light check of their shape.
 */
import type { ConversationRef, EvaluatedMetric, MetricDefinition, ServiceStats } from '../types.js'
import { ChannelClient } from './channel-client.js'
import { chunked, type Deferred, deferred } from './deferred.js'
import { FAILURE_CODES, failure } from './failures.js'
import {
  type ChannelAnswer,
  type EvaluateAnswer,
  MAX_HELD_CONVERSATIONS,
  type Route,
  type RouteBody,
  SECRET_HEADER,
  SERVED_LOCALLY_HEADER,
} from './protocol.js'
import type { EvaluationBackend, EvaluationRequest, Outcome } from './types.js'

export interface RemoteEvaluationBackendOptions {
  /** The service's URL, e.g. `http://127.0.0.1:43121`. */
  readonly url: string
  /** The run's secret. */
  readonly secret: string
}

/** Thrown by `prefetch` and `stats` when the service cannot be used; `code` is `AMIGO_SERVICE_CHANNEL`. */
export class ServiceChannelError extends Error {
  readonly code = FAILURE_CODES.channel
  override readonly name = 'ServiceChannelError'
}

/** The key of a conversation+interaction in this worker. */
function locationKey(conversation: ConversationRef): string {
  return `${conversation.conversationId}/${conversation.interactionId ?? ''}`
}

export class RemoteEvaluationBackend implements EvaluationBackend {
  private readonly url: string
  private readonly secret: string
  /** Kept-alive connections; no timeouts: an evaluation may wait for rate-limit windows, the test's timeout bounds it. */
  private readonly channel: ChannelClient
  /** Definitions the service gave, by the reference asked (ID or name) and by ID. */
  private readonly definitions = new Map<string, MetricDefinition>()
  /** Verdicts the service gave or shared, by conversation+interaction and metric ID. */
  private readonly verdicts = new Map<string, Map<string, EvaluatedMetric>>()
  /** Asks answered here and not yet reported to the service. */
  private servedLocally = 0
  /** Fetches of held verdicts, by conversation+interaction: asks there wait for them. */
  private readonly anticipated = new Map<string, Promise<void>>()
  /** Announced conversations whose held verdicts go out together on the next turn of the event loop. */
  private announced: Array<{ conversation: ConversationRef; fetched: Deferred<void> }> = []

  constructor(options: RemoteEvaluationBackendOptions) {
    this.url = options.url.replace(/\/+$/, '')
    this.secret = options.secret
    this.channel = new ChannelClient(this.url)
  }

  async describe(
    metrics: readonly string[],
    conversation?: ConversationRef | undefined,
  ): Promise<ReadonlyArray<Outcome<MetricDefinition>>> {
    if (conversation) await this.anticipated.get(locationKey(conversation))
    const outcomes = new Map<string, Outcome<MetricDefinition>>()
    for (const metric of metrics) {
      const definition = this.definitions.get(metric)
      if (definition) outcomes.set(metric, { ok: true, value: definition })
    }
    const missing = [...new Set(metrics.filter((metric) => !outcomes.has(metric)))]
    if (missing.length > 0) {
      const body = conversation === undefined ? { metrics: missing } : { metrics: missing, conversation }
      const answers = await this.perMetric<MetricDefinition>(missing, '/describe', body)
      missing.forEach((metric, index) => {
        const answer = answers[index] as Outcome<MetricDefinition>
        outcomes.set(metric, answer)
        if (answer.ok) this.definitions.set(metric, answer.value)
      })
    }
    return metrics.map((metric) => outcomes.get(metric) as Outcome<MetricDefinition>)
  }

  async evaluate(evaluation: EvaluationRequest): Promise<ReadonlyArray<Outcome<EvaluatedMetric>>> {
    const { conversation, metrics, fresh } = evaluation
    if (fresh !== true) await this.anticipated.get(locationKey(conversation))
    const local = fresh === true ? undefined : this.localVerdicts(conversation, metrics)
    if (local) {
      this.servedLocally += local.length
      return local.map((value) => ({ ok: true, value }))
    }
    let answer: EvaluateAnswer
    try {
      answer = checkedEvaluateAnswer(
        await this.post('/evaluate', {
          conversation,
          metrics: [...metrics],
          ...(fresh === undefined ? {} : { fresh }),
        }),
        metrics.length,
      )
    } catch (error) {
      return channelFailures(metrics, error)
    }
    for (const outcome of answer.outcomes) if (outcome.ok) this.keep(outcome.value)
    for (const verdict of answer.held) this.keep(verdict)
    return answer.outcomes
  }

  async prefetch(conversation: ConversationRef, metrics: readonly string[]): Promise<void> {
    await this.post('/prefetch', { conversation, metrics: [...metrics] })
  }

  async stats(): Promise<ServiceStats> {
    return (await this.post('/stats', {})) as ServiceStats
  }

  /**
   * Fetches, soon and without waiting, the verdicts the service holds at the conversation+interaction
   * (once per worker), so that asks there are answered here; asks there meanwhile wait for them.
   * Announcements of the same turn of the event loop go out together. A failed fetch is forgotten: the
   * asks then go to the service.
   */
  anticipate(conversation: ConversationRef): void {
    const key = locationKey(conversation)
    if (this.anticipated.has(key) || this.verdicts.has(key)) return
    const fetched = deferred<void>()
    this.anticipated.set(key, fetched.promise)
    if (this.announced.length === 0) setImmediate(() => this.fetchAnnounced())
    this.announced.push({ conversation, fetched })
  }

  private fetchAnnounced(): void {
    const announced = this.announced
    this.announced = []
    for (const chunk of chunked(announced, MAX_HELD_CONVERSATIONS)) {
      void this.post('/held', { conversations: chunk.map(({ conversation }) => conversation) })
        .then(
          (held) => {
            if (Array.isArray(held)) for (const verdict of held as EvaluatedMetric[]) this.keep(verdict)
          },
          () => undefined,
        )
        .finally(() => {
          for (const { fetched } of chunk) fetched.resolve()
        })
    }
  }

  /**
   * The asks answered here that the service has not been told of yet, handed over (and forgotten here):
   * at the end of a test file they travel to the main process with the file's results instead of in a
   * request of their own (see the setup file).
   */
  takeUnreported(): number {
    const count = this.servedLocally
    this.servedLocally = 0
    return count
  }

  /** Closes the kept-alive connections. */
  async close(): Promise<void> {
    this.channel.close()
  }

  /** The verdicts of all `metrics` at `conversation` if this worker holds every one of them. */
  private localVerdicts(
    conversation: ConversationRef,
    metrics: readonly string[],
  ): EvaluatedMetric[] | undefined {
    const held = this.verdicts.get(locationKey(conversation))
    if (!held) return undefined
    const verdicts: EvaluatedMetric[] = []
    for (const metric of metrics) {
      const verdict = held.get(metric)
      if (!verdict) return undefined
      verdicts.push(verdict)
    }
    return verdicts
  }

  private keep(verdict: EvaluatedMetric): void {
    const key = locationKey(verdict)
    let held = this.verdicts.get(key)
    if (!held) {
      held = new Map()
      this.verdicts.set(key, held)
    }
    held.set(verdict.metric.id, verdict)
    if (!this.definitions.has(verdict.metric.id)) this.definitions.set(verdict.metric.id, verdict.metric)
  }

  private async perMetric<T>(
    metrics: readonly string[],
    route: '/describe',
    body: RouteBody<typeof route>,
  ): Promise<ReadonlyArray<Outcome<T>>> {
    try {
      return checkedOutcomes(await this.post(route, body), metrics.length) as ReadonlyArray<Outcome<T>>
    } catch (error) {
      return channelFailures(metrics, error)
    }
  }

  private async post<R extends Route>(route: R, body: RouteBody<R>): Promise<unknown> {
    const where = `the evaluation service at ${this.url}${route}`
    const reported = this.servedLocally
    this.servedLocally = 0
    let reply: { status: number; answer: ChannelAnswer }
    try {
      reply = await this.send(route, JSON.stringify(body), reported)
    } catch (error) {
      this.servedLocally += reported
      throw new ServiceChannelError(
        `vitest-amigo: cannot reach ${where} (${describeCause(error)}). It runs in Vitest's main process for ` +
          'the whole run (started by the vitest-amigo plugin); did the run end or crash?',
        { cause: error },
      )
    }
    const { status, answer } = reply
    if (status === 200 && 'result' in answer) return answer.result
    // Refused before reading the count (wrong secret): it is still owed.
    if (status === 401) this.servedLocally += reported
    const reason = 'error' in answer ? answer.error : `unexpected answer ${JSON.stringify(answer)}`
    throw new ServiceChannelError(`vitest-amigo: ${where} refused the request (HTTP ${status}): ${reason}`)
  }

  /** One POST over a kept-alive connection; rejects on a connection failure or an answer that is not JSON. */
  private async send(
    route: Route,
    text: string,
    servedLocally: number,
  ): Promise<{ status: number; answer: ChannelAnswer }> {
    const { status, body } = await this.channel.post(
      route,
      {
        'content-type': 'application/json',
        [SECRET_HEADER]: this.secret,
        ...(servedLocally > 0 ? { [SERVED_LOCALLY_HEADER]: String(servedLocally) } : {}),
      },
      text,
    )
    return { status, answer: JSON.parse(body) as ChannelAnswer }
  }
}

function channelFailures<T>(metrics: readonly string[], error: unknown): Array<Outcome<T>> {
  const reason = failure(FAILURE_CODES.channel, (error as Error).message)
  return metrics.map(() => ({ ok: false, failure: reason }))
}

/** The service's outcomes, after checking there is one per metric asked. */
function checkedOutcomes(result: unknown, count: number): ReadonlyArray<Outcome<unknown>> {
  const isOutcome = (item: unknown): boolean =>
    typeof item === 'object' && item !== null && typeof (item as { ok?: unknown }).ok === 'boolean'
  if (Array.isArray(result) && result.length === count && result.every(isOutcome)) return result
  throw new ServiceChannelError(
    `vitest-amigo: the evaluation service answered ${JSON.stringify(result)?.slice(0, 200)}, not ${count} outcome(s)`,
  )
}

function checkedEvaluateAnswer(result: unknown, count: number): EvaluateAnswer {
  const { outcomes, held } = (result ?? {}) as Partial<EvaluateAnswer>
  return {
    outcomes: checkedOutcomes(outcomes, count) as EvaluateAnswer['outcomes'],
    held: Array.isArray(held) ? held : [],
  }
}

function describeCause(error: unknown): string {
  const { code, message } = error as { code?: unknown; message?: unknown }
  return typeof code === 'string' ? code : String(message ?? error)
}
