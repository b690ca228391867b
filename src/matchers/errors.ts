/** Errors the matchers and the conversation helpers throw. */

/** A bad argument given to a public function or matcher: thrown before any network call. */
export class AmigoUsageError extends TypeError {
  override readonly name = 'AmigoUsageError'
  readonly code = 'AMIGO_USAGE'
}

/** No verdict could be had for an assertion (API failure, replay miss, unknown metric, ...). */
export class AmigoEvaluationError extends Error {
  override readonly name = 'AmigoEvaluationError'
  /** The service's failure code, e.g. `AMIGO_REPLAY_MISS`, `AMIGO_UNKNOWN_METRIC`. */
  readonly code: string

  constructor(message: string, code: string) {
    super(message)
    this.code = code
  }
}
