/**
 * Fixed-window rate limits per endpoint, with the headers Amigo sends: `X-RateLimit-Limit`,
 * `X-RateLimit-Remaining`, `X-RateLimit-Reset` (epoch seconds, rounded up so a client that waits until
 * then is never early), and `Retry-After` (whole seconds, at least 1) on a 429.
 *
 * A window opens with the first request after the previous one ended, so a test's timing does not depend
 * on where the wall clock falls. A window lasting a whole number of seconds (as Amigo's minute does) starts
 * at the beginning of that request's second, so its reset is a whole second that `X-RateLimit-Reset` tells
 * exactly: a client waiting until the header's reset loses no time, where a reset rounded up would cost it
 * up to a second per window.
 */
import { HttpError } from './http-error.js'
import type { SimulatorEndpoint } from './options.js'

interface Window {
  start: number
  used: number
}

export class RateLimiter {
  readonly #limits: Readonly<Record<SimulatorEndpoint, number>>
  readonly #windowMs: number
  readonly #windows = new Map<SimulatorEndpoint, Window>()

  constructor(limits: Readonly<Record<SimulatorEndpoint, number>>, windowMs: number) {
    this.#limits = limits
    this.#windowMs = windowMs
  }

  /**
   * Counts one request to `endpoint`. Returns the rate-limit headers for its answer, or throws a 429
   * {@link HttpError} carrying them when the window's limit is used up.
   */
  consume(endpoint: SimulatorEndpoint, now = Date.now()): Record<string, string> {
    let window = this.#windows.get(endpoint)
    if (window === undefined || now >= window.start + this.#windowMs) {
      window = { start: this.#windowStart(now), used: 0 }
      this.#windows.set(endpoint, window)
    }
    const limit = this.#limits[endpoint]
    const resetMs = window.start + this.#windowMs
    const headers = {
      'x-ratelimit-limit': String(limit),
      'x-ratelimit-remaining': String(Math.max(0, limit - window.used - 1)),
      'x-ratelimit-reset': String(Math.ceil(resetMs / 1000)),
    }
    if (window.used >= limit) {
      throw new HttpError(429, `Rate limit of ${limit} requests per window exceeded for this endpoint.`, {
        ...headers,
        'x-ratelimit-remaining': '0',
        'retry-after': String(Math.max(1, Math.ceil((resetMs - now) / 1000))),
      })
    }
    window.used += 1
    return headers
  }

  /** When a window opened by a request at `now` starts: the start of that second for whole-second windows. */
  #windowStart(now: number): number {
    return this.#windowMs % 1000 === 0 ? Math.floor(now / 1000) * 1000 : now
  }

  reset(): void {
    this.#windows.clear()
  }
}
