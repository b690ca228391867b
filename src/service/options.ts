/**
 * Options of the evaluation service (one per run, in the main process), and how the ones that are its own
 * resolve. The cache options (`mode`, `cacheDir`, `root`, `onWarning`, `lock`) are the cache's.
 */
import type { EvaluationCacheOptions } from '../cache/index.js'
import type { EvaluationCache } from '../cache/types.js'
import { type AmigoClientOptions, checkedNumber } from '../client/config.js'
import { readEnv } from '../internal/env.js'

export interface EvaluationServiceOptions extends EvaluationCacheOptions {
  /**
   * Options of the API client, passed through to `new AmigoClient(...)`; unset fields fall back to the
   * `AMIGO_*` environment variables. The client is created only when a network call is really needed, so
   * `replay` needs no credentials. Its `onRateLimitWait` and `onRetry` are still called.
   * @default {} (everything from the environment)
   */
  readonly client?: AmigoClientOptions | undefined
  /**
   * How long requests for the same conversation+interaction are collected before they go out together
   * as one evaluate call, in milliseconds. `0` collects for one turn of the event loop.
   * @default 5
   */
  readonly batchWindowMs?: number | undefined
  /**
   * How long one API call may keep waiting for rate limits after the client's own retries gave up: a call
   * still refused with 429 is sent again once `Retry-After` has passed, so a suite larger than the limit
   * waits instead of failing. In milliseconds.
   * @default 300000
   */
  readonly rateLimitPatienceMs?: number | undefined
  /**
   * A cache to use instead of the one built from `mode`, `cacheDir` and `root` (custom stores, tests).
   * `mode` still decides how it is used.
   * @default the on-disk cache (none at all in mode `off`)
   */
  readonly cache?: EvaluationCache | undefined
}

/** Default of {@link EvaluationServiceOptions.batchWindowMs}, in milliseconds. */
export const DEFAULT_BATCH_WINDOW_MS = 5

/** Default of {@link EvaluationServiceOptions.rateLimitPatienceMs}, in milliseconds. */
export const DEFAULT_RATE_LIMIT_PATIENCE_MS = 300_000

/** The service's own durations, checked: each a finite number of milliseconds >= 0, or throws naming it. */
export function resolveDurations(options: EvaluationServiceOptions): {
  batchWindowMs: number
  rateLimitPatienceMs: number
} {
  return {
    batchWindowMs: checkedNumber('batchWindowMs', options.batchWindowMs, DEFAULT_BATCH_WINDOW_MS, { min: 0 }),
    rateLimitPatienceMs: checkedNumber(
      'rateLimitPatienceMs',
      options.rateLimitPatienceMs,
      DEFAULT_RATE_LIMIT_PATIENCE_MS,
      { min: 0 },
    ),
  }
}

/**
 * The organization the run judges in: the client option, else `AMIGO_ORGANIZATION_ID`. Read without creating
 * the client, so that replay works without credentials.
 */
export function resolveOrganization(options: EvaluationServiceOptions): string | undefined {
  return options.client?.organization?.trim() || readEnv('AMIGO_ORGANIZATION_ID')
}
