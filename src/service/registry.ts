/**
 * The run's active evaluation service, for the reporter (stats, rate-limit waits). Kept on `globalThis`
 * under a `Symbol.for` key so that two copies of this module (Vite-inlined and Node-loaded) share it.
 */
import type { RateLimitWaitEvent } from '../client/rate-limit-gate.js'
import type { ServiceStats } from '../types.js'

/** What the reporter may use of the run's service. */
export interface ActiveEvaluationService {
  stats(): Promise<ServiceStats>
  /** Subscribes to the client's rate-limit waits; returns the unsubscribe function. */
  onRateLimitWait(listener: (event: RateLimitWaitEvent) => void): () => void
}

const ACTIVE_SERVICE = Symbol.for('vitest-amigo.active-evaluation-service')

type Registry = { [ACTIVE_SERVICE]?: ActiveEvaluationService | undefined }

/** Makes `service` the run's active service; `undefined` clears it (at the end of the run). */
export function setActiveService(service: ActiveEvaluationService | undefined): void {
  ;(globalThis as Registry)[ACTIVE_SERVICE] = service
}

/** The run's active service, if a run is going on in this process. */
export function getActiveService(): ActiveEvaluationService | undefined {
  return (globalThis as Registry)[ACTIVE_SERVICE]
}
