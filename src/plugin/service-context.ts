/**
 * How the plugin hands the run's evaluation service to the test workers: Vitest's `provide`/`inject`,
 * under one key, typed here for both sides.
 */
import type { RemoteEvaluationBackendOptions } from '../service/remote.js'

/** The key under which the plugin provides the service's URL and secret to the workers. */
export const SERVICE_CONTEXT_KEY = 'vitest-amigo:service'

declare module 'vitest' {
  interface ProvidedContext {
    /** The run's evaluation service (vitest-amigo plugin): where it listens and the run's secret. */
    'vitest-amigo:service'?: RemoteEvaluationBackendOptions | undefined
  }
}
