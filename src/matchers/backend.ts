/**
 * The evaluation backend the matchers use in a test worker: the run's shared service (started by the
 * plugin in the main process, reached over loopback with the secret it provides), or, without the plugin,
 * an in-process service of this worker's own, loaded only then (it brings the cache and the API client).
 * One per worker, created on first use.
 */
import { inject } from 'vitest'
import { listenToConversations } from '../announced-conversations.js'
import { SERVICE_CONTEXT_KEY } from '../plugin/service-context.js'
import { RemoteEvaluationBackend } from '../service/remote.js'
import type { EvaluationBackend } from '../service/types.js'

const WORKER_BACKEND = Symbol.for('vitest-amigo.worker-backend')

interface KeptBackend {
  /** The URL of the run's service; `undefined` for an in-process service. */
  readonly channel: string | undefined
  readonly backend: Promise<EvaluationBackend>
  readonly remote?: RemoteEvaluationBackend | undefined
}

type BackendHolder = { [WORKER_BACKEND]?: KeptBackend | undefined }

/**
 * This worker's backend, kept on `globalThis` under a `Symbol.for` key, so that test files sharing a
 * worker (and duplicate copies of this module) share one backend, its connections and what it holds;
 * made anew when the provided service changes (a new run in the same worker).
 */
function keptBackend(): KeptBackend {
  const holder = globalThis as BackendHolder
  const provided = inject(SERVICE_CONTEXT_KEY)
  const kept = holder[WORKER_BACKEND]
  if (kept && kept.channel === provided?.url) return kept
  let made: KeptBackend
  if (provided) {
    const remote = new RemoteEvaluationBackend(provided)
    made = { channel: provided.url, backend: Promise.resolve(remote), remote }
  } else {
    const backend = import('../service/evaluation-service.js').then(
      ({ EvaluationService }) => new EvaluationService(),
    )
    // Bad options: the error reaches the assertion; the next one tries again.
    backend.catch(() => {
      if (holder[WORKER_BACKEND] === made) holder[WORKER_BACKEND] = undefined
    })
    made = { channel: undefined, backend }
  }
  holder[WORKER_BACKEND] = made
  return made
}

/** This worker's backend; rejects when an in-process service cannot be created (bad options). */
export function getBackend(): Promise<EvaluationBackend> {
  return keptBackend().backend
}

/**
 * From now on, each conversation named with `conversation()` in this worker has the verdicts the run's
 * service holds for it fetched ahead (runs with the plugin only). The setup file calls it.
 */
export function anticipateNamedConversations(): void {
  listenToConversations((conversation) => {
    if (inject(SERVICE_CONTEXT_KEY)) keptBackend().remote?.anticipate(conversation)
  })
}

/**
 * The asks this worker's backend answered by itself that the run's service has not been told of yet,
 * handed over and forgotten here (0 without the plugin's service); the setup file calls it after each
 * test file and leaves the count on the file's `meta`, for the plugin in the main process.
 */
export function takeUnreportedAsks(): number {
  return (globalThis as BackendHolder)[WORKER_BACKEND]?.remote?.takeUnreported() ?? 0
}
