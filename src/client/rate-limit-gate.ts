import { sleep } from '../internal/sleep.js'
import { parseRateLimitReset } from './backoff.js'

/** Why the client is waiting instead of sending: the server's `Retry-After`, or a used-up window. */
export type RateLimitWaitReason = 'retry-after' | 'window-exhausted'

/** Reported through `onRateLimitWait` each time the client waits for a rate limit. */
export interface RateLimitWaitEvent {
  /** Endpoint label, e.g. `POST /v1/{org}/metric/evaluate`. */
  endpoint: string
  /** How long the client waits, in milliseconds. */
  waitMs: number
  reason: RateLimitWaitReason
}

interface RateLimitWindow {
  remaining: number
  resetAtMs: number
}

/** The `X-RateLimit-*` headers of one response. */
export interface RateLimitHeaders {
  remaining: string | undefined
  reset: string | undefined
}

/**
 * Per-endpoint rate-limit state learned from `X-RateLimit-Remaining` / `X-RateLimit-Reset`. When an
 * endpoint's window is used up, `acquire` waits until the window resets instead of sending a request the
 * server would refuse. Requests sent meanwhile are counted down locally so concurrent callers do not
 * overshoot; the next response's headers are authoritative again. A 429 that still happens (another
 * client on the same organization) is handled by the retry loop through `Retry-After`.
 */
export class RateLimitGate {
  readonly #windows = new Map<string, RateLimitWindow>()
  readonly #maxWaitMs: number
  readonly #onWait: (event: RateLimitWaitEvent) => void

  constructor(options: { maxWaitMs: number; onWait: (event: RateLimitWaitEvent) => void }) {
    this.#maxWaitMs = options.maxWaitMs
    this.#onWait = options.onWait
  }

  /** Learns the window of `endpoint` from a response; responses without the headers change nothing. */
  observe(endpoint: string, headers: RateLimitHeaders): void {
    const remaining = Number(headers.remaining?.trim() || Number.NaN)
    const resetAtMs = parseRateLimitReset(headers.reset, Date.now())
    if (!Number.isFinite(remaining) || resetAtMs === undefined) return
    this.#windows.set(endpoint, { remaining, resetAtMs })
  }

  /**
   * Takes one request from `endpoint`'s window, first waiting for the window to reset if it is used up
   * (at most `maxWaitMs` per wait). Rejects with the signal's reason if `signal` aborts while waiting.
   */
  async acquire(endpoint: string, signal?: AbortSignal | undefined): Promise<void> {
    for (;;) {
      const window = this.#windows.get(endpoint)
      if (!window) return
      const untilResetMs = window.resetAtMs - Date.now()
      if (untilResetMs <= 0) {
        this.#windows.delete(endpoint)
        return
      }
      if (window.remaining > 0) {
        window.remaining -= 1
        return
      }
      const waitMs = Math.min(untilResetMs, this.#maxWaitMs)
      this.#onWait({ endpoint, waitMs, reason: 'window-exhausted' })
      await sleep(waitMs, signal)
      // The window has reset (or the wait was capped): forget it, unless a response meanwhile taught a newer one.
      if (this.#windows.get(endpoint) === window) this.#windows.delete(endpoint)
    }
  }
}
