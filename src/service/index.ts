/** The evaluation service, its loopback channel and the active-service registry. Explicit re-exports only. */
export { EvaluationService, type RateLimitWaitListener } from './evaluation-service.js'
export { FAILURE_CODES } from './failures.js'
export { DEFAULT_BATCH_WINDOW_MS, type EvaluationServiceOptions } from './options.js'
export { SECRET_HEADER } from './protocol.js'
export { type ActiveEvaluationService, getActiveService, setActiveService } from './registry.js'
export {
  RemoteEvaluationBackend,
  type RemoteEvaluationBackendOptions,
  ServiceChannelError,
} from './remote.js'
export { type EvaluationServer, type EvaluationServerOptions, startEvaluationServer } from './server.js'
export type { EvaluationBackend, EvaluationRequest, Outcome, SerializedFailure } from './types.js'
