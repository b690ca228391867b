/**
 * The worker side of the channel: an {@link EvaluationBackend} that forwards every call to the run's
 * evaluation service over loopback (undici, keep-alive). A channel failure becomes, for `describe` and
 * `evaluate`, one failure per metric with code `AMIGO_SERVICE_CHANNEL`; `prefetch` and `stats` reject with it.
 */
import { Agent, request } from 'undici'
import type { ConversationRef, EvaluatedMetric, MetricDefinition, ServiceStats } from '../types.js'
import { FAILURE_CODES, failure } from './failures.js'
import { type ChannelAnswer, type Route, type RouteBody, SECRET_HEADER } from './protocol.js'
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

export class RemoteEvaluationBackend implements EvaluationBackend {
  private readonly url: string
  private readonly secret: string
  /** Keep-alive connections; no timeouts: an evaluation may wait for rate-limit windows, the test's timeout bounds it. */
  private readonly agent = new Agent({ headersTimeout: 0, bodyTimeout: 0, keepAliveTimeout: 30_000 })

  constructor(options: RemoteEvaluationBackendOptions) {
    this.url = options.url.replace(/\/+$/, '')
    this.secret = options.secret
  }

  describe(
    metrics: readonly string[],
    conversation?: ConversationRef | undefined,
  ): Promise<ReadonlyArray<Outcome<MetricDefinition>>> {
    const body =
      conversation === undefined ? { metrics: [...metrics] } : { metrics: [...metrics], conversation }
    return this.perMetric<MetricDefinition>(metrics, '/describe', body)
  }

  evaluate(evaluation: EvaluationRequest): Promise<ReadonlyArray<Outcome<EvaluatedMetric>>> {
    const { conversation, metrics, fresh } = evaluation
    return this.perMetric<EvaluatedMetric>(metrics, '/evaluate', {
      conversation,
      metrics: [...metrics],
      ...(fresh === undefined ? {} : { fresh }),
    })
  }

  async prefetch(conversation: ConversationRef, metrics: readonly string[]): Promise<void> {
    await this.post('/prefetch', { conversation, metrics: [...metrics] })
  }

  async stats(): Promise<ServiceStats> {
    return (await this.post('/stats', {})) as ServiceStats
  }

  /** Closes the kept-alive connections. */
  close(): Promise<void> {
    return this.agent.close()
  }

  private async perMetric<T>(
    metrics: readonly string[],
    route: '/describe' | '/evaluate',
    body: RouteBody<typeof route>,
  ): Promise<ReadonlyArray<Outcome<T>>> {
    try {
      return (await this.post(route, body)) as ReadonlyArray<Outcome<T>>
    } catch (error) {
      const reason = failure(FAILURE_CODES.channel, (error as Error).message)
      return metrics.map(() => ({ ok: false, failure: reason }))
    }
  }

  private async post<R extends Route>(route: R, body: RouteBody<R>): Promise<unknown> {
    const where = `the evaluation service at ${this.url}${route}`
    let status: number
    let answer: ChannelAnswer
    try {
      const response = await request(`${this.url}${route}`, {
        method: 'POST',
        dispatcher: this.agent,
        headers: { 'content-type': 'application/json', [SECRET_HEADER]: this.secret },
        body: JSON.stringify(body),
      })
      status = response.statusCode
      answer = (await response.body.json()) as ChannelAnswer
    } catch (error) {
      throw new ServiceChannelError(
        `vitest-amigo: cannot reach ${where} (${describeCause(error)}). It runs in Vitest's main process for ` +
          'the whole run (started by the vitest-amigo plugin); did the run end or crash?',
        { cause: error },
      )
    }
    if (status === 200 && 'result' in answer) return answer.result
    const reason = 'error' in answer ? answer.error : `unexpected answer ${JSON.stringify(answer)}`
    throw new ServiceChannelError(`vitest-amigo: ${where} refused the request (HTTP ${status}): ${reason}`)
  }
}

function describeCause(error: unknown): string {
  const { code, message } = error as { code?: unknown; message?: unknown }
  return typeof code === 'string' ? code : String(message ?? error)
}
