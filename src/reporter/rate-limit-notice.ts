/**
 * Tells the user why the run stands still while the service waits on an API rate limit: one line per
 * wait of a few seconds or more, and none while an announced wait is still running (concurrent calls
 * waiting on the same window would otherwise print one line each).
 */
import type { RateLimitWaitEvent } from '../client/rate-limit-gate.js'
import { formatSeconds } from './format.js'

/** Shorter waits pass unannounced, in milliseconds. */
const ANNOUNCED_WAIT_MS = 3000

const REASONS: Record<RateLimitWaitEvent['reason'], string> = {
  'retry-after': 'the API answered 429 and asked to retry later',
  'window-exhausted': "this minute's requests are used up",
}

export interface RateLimitNoticeOptions {
  /** Prints one line. */
  readonly print: (line: string) => void
  /** Clock, in milliseconds. @default Date.now */
  readonly now?: (() => number) | undefined
}

/** Returns the listener to give `onRateLimitWait`. */
export function createRateLimitNotice(options: RateLimitNoticeOptions): (event: RateLimitWaitEvent) => void {
  const now = options.now ?? Date.now
  let quietUntil = Number.NEGATIVE_INFINITY
  return (event) => {
    const at = now()
    if (event.waitMs < ANNOUNCED_WAIT_MS || at < quietUntil) return
    quietUntil = at + event.waitMs
    options.print(
      `vitest-amigo: waiting ${formatSeconds(event.waitMs)} on the rate limit of ${event.endpoint}: ${REASONS[event.reason]}`,
    )
  }
}
