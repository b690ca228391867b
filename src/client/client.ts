import { type AmigoClientOptions, resolveClientConfig } from './config.js'
import { lazyMetricsResource } from './lazy-metrics.js'
import type { MetricsResource } from './metrics.js'

/**
 * Client of Amigo's V1/metric API. Configuration comes from `options`, then the `AMIGO_*` environment
 * variables; credentials are kept private and never appear in errors or logs.
 *
 * ```ts
 * const client = new AmigoClient() // AMIGO_API_KEY, AMIGO_API_KEY_ID, AMIGO_USER_ID, AMIGO_ORGANIZATION_ID
 * const { metrics } = await client.metrics.evaluate({ metric_ids: [metricId], conversation_id: conversationId })
 * ```
 */
export class AmigoClient {
  /** The organization in every path. */
  readonly organization: string
  /** The API origin, without a trailing slash. */
  readonly baseUrl: string
  /** The metric endpoints: list, listAll, create, update, delete, search, evaluate. */
  readonly metrics: MetricsResource

  constructor(options: AmigoClientOptions = {}) {
    const config = resolveClientConfig(options)
    this.organization = config.organization
    this.baseUrl = config.baseUrl
    this.metrics = lazyMetricsResource(config)
  }
}
