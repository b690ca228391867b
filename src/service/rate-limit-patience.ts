/**
 * Waiting out rate limits beyond the client's own retries: many concurrent calls can meet a used-up window
 * together (a suite larger than the per-minute limit), and a call that still gets a 429 after the client's
 * retries is sent again once the server's `Retry-After` has passed, until the patience is spent.
 */
import { RateLimitError } from '../client/errors.js'
import type { RateLimitWaitEvent } from '../client/rate-limit-gate.js'
import { sleep } from '../internal/sleep.js'

/** Wait when a 429 carried no `Retry-After`, in milliseconds. */
const FALLBACK_WAIT_MS = 1000

export interface RateLimitPatience {
  /** Total waiting allowed for one call, in milliseconds; then its last 429 is the failure. */
  readonly patienceMs: number
  /** Told of every wait. */
  readonly onWait: (event: RateLimitWaitEvent) => void
}

/** Runs `send`, sending again after each rate-limit failure while the patience lasts. */
export async function withRateLimitPatience<T>(
  send: () => Promise<T>,
  patience: RateLimitPatience,
): Promise<T> {
  let waitedMs = 0
  for (;;) {
    try {
      return await send()
    } catch (error) {
      if (!(error instanceof RateLimitError)) throw error
      // Jitter, so that calls refused together do not come back together.
      const waitMs = Math.round((error.retryAfterMs ?? FALLBACK_WAIT_MS) * (1 + Math.random() / 4))
      if (waitedMs + waitMs > patience.patienceMs) throw error
      waitedMs += waitMs
      patience.onWait({ endpoint: error.endpoint, waitMs, reason: 'retry-after' })
      await sleep(waitMs)
    }
  }
}
