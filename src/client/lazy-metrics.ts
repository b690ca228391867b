/**
 * A client's `metrics`, whose code (request runner, transport, zod schemas) is loaded on the first
 * call, so that importing `vitest-amigo` (as every test file does) or creating a client loads none of it.
 */
import type { ClientConfig } from './config.js'
import type { MetricsResource } from './metrics.js'

/**
 * Loads the code the first call of a client's `metrics` needs, without any request. Whoever knows that
 * calls will come (the evaluation service at the start of a run that may reach the API) can start it
 * early, so that the first call does not wait for it.
 */
export function loadMetricsCode() {
  return Promise.all([import('./metrics.js'), import('./request-runner.js')])
}

export function lazyMetricsResource(config: ClientConfig): MetricsResource {
  let loading: Promise<MetricsResource> | undefined
  const load = (): Promise<MetricsResource> => {
    loading ??= loadMetricsCode().then(
      ([{ MetricEndpoints }, { RequestRunner }]) =>
        new MetricEndpoints(new RequestRunner(config), config.organization),
    )
    return loading
  }
  return {
    list: async (params, options) => (await load()).list(params, options),
    async *listAll(params, options) {
      yield* (await load()).listAll(params, options)
    },
    create: async (body, options) => (await load()).create(body, options),
    update: async (metricId, body, options) => (await load()).update(metricId, body, options),
    delete: async (metricId, options) => (await load()).delete(metricId, options),
    search: async (params, options) => (await load()).search(params, options),
    evaluate: async (body, options) => (await load()).evaluate(body, options),
  }
}
