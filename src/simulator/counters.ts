/**
 * Counts of what the simulator served, for tests and benchmarks.
 */
import type { EvaluateMetricsRequest } from '../client/schemas.js'
import type { SimulatorCounters, SimulatorEndpoint, SimulatorRequestRecord } from './options.js'

/** Getters return snapshots: later requests do not change an array already read. */
export class RequestCounters implements SimulatorCounters {
  readonly #requests: SimulatorRequestRecord[] = []
  readonly #evaluateBodies: EvaluateMetricsRequest[] = []

  get requests(): readonly SimulatorRequestRecord[] {
    return [...this.#requests]
  }

  get evaluateBodies(): readonly EvaluateMetricsRequest[] {
    return [...this.#evaluateBodies]
  }

  total(endpoint?: SimulatorEndpoint | undefined, status?: number | undefined): number {
    return this.#requests.filter(
      (r) =>
        (endpoint === undefined || r.endpoint === endpoint) && (status === undefined || r.status === status),
    ).length
  }

  record(request: SimulatorRequestRecord): void {
    this.#requests.push(request)
  }

  recordEvaluation(body: EvaluateMetricsRequest): void {
    this.#evaluateBodies.push(body)
  }

  reset(): void {
    this.#requests.length = 0
    this.#evaluateBodies.length = 0
  }
}
