/**
 * The evaluation backend the matchers use in a test worker: the run's shared service (started by the
 * plugin in the main process, reached over loopback with the secret it provides), or, without the plugin,
 * an in-process service of this worker's own. One per worker, created on first use.
 */
import { inject } from 'vitest'
import { SERVICE_CONTEXT_KEY } from '../plugin/service-context.js'
import { EvaluationService } from '../service/evaluation-service.js'
import { RemoteEvaluationBackend } from '../service/remote.js'
import type { EvaluationBackend } from '../service/types.js'

const WORKER_BACKEND = Symbol.for('vitest-amigo.worker-backend')
type BackendHolder = {
  [WORKER_BACKEND]?: { readonly channel: string | undefined; readonly backend: EvaluationBackend } | undefined
}

/**
 * This worker's backend. Kept on `globalThis` under a `Symbol.for` key, so that test files sharing a
 * worker (and duplicate copies of this module) share one backend, its connections and its cache; made
 * anew when the provided service changes (a new run in the same worker).
 */
export function getBackend(): EvaluationBackend {
  const holder = globalThis as BackendHolder
  const provided = inject(SERVICE_CONTEXT_KEY)
  const kept = holder[WORKER_BACKEND]
  if (kept && kept.channel === provided?.url) return kept.backend
  const backend = provided ? new RemoteEvaluationBackend(provided) : new EvaluationService()
  holder[WORKER_BACKEND] = { channel: provided?.url, backend }
  return backend
}
