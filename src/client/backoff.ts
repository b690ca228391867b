/**
 * How long to wait before a retry: exponential backoff with full jitter, and the server's own
 * `Retry-After` / `X-RateLimit-Reset` answers.
 */

/**
 * Full-jitter exponential backoff: a random delay in `[0, min(maxDelayMs, baseDelayMs * 2^(retry-1)))`.
 * `retry` counts from 1 (the first retry).
 */
export function backoffDelayMs(
  retry: number,
  policy: { baseDelayMs: number; maxDelayMs: number },
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1))
  return Math.floor(random() * ceiling)
}

/**
 * Parses a `Retry-After` value, delay-seconds (`"2"`, `"0.5"`) or an HTTP-date, into milliseconds from
 * `nowMs`. A date in the past gives 0; a missing or unreadable value gives `undefined`.
 */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  const text = value?.trim()
  if (!text) return undefined
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000)
  // An HTTP-date always names a month; this keeps `Date.parse` from reading "-3" as a year.
  const date = /[a-z]/i.test(text) ? Date.parse(text) : Number.NaN
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs)
}

/** Values below this are read as seconds from now rather than as a UTC epoch (some servers send either). */
const EPOCH_SECONDS_THRESHOLD = 1_000_000_000

/**
 * Parses `X-RateLimit-Reset` (UTC epoch seconds when the window resets; a small number is read as
 * seconds from now) into the epoch milliseconds of the reset, or `undefined` when unreadable.
 */
export function parseRateLimitReset(value: string | undefined, nowMs: number): number | undefined {
  const seconds = Number(value?.trim() || Number.NaN)
  if (!Number.isFinite(seconds) || seconds < 0) return undefined
  return seconds < EPOCH_SECONDS_THRESHOLD ? nowMs + seconds * 1000 : seconds * 1000
}
