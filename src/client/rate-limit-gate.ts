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

/** The `X-RateLimit-*` headers of one response. */
export interface RateLimitHeaders {
  limit: string | undefined
  remaining: string | undefined
  reset: string | undefined
}

/** One admitted request: tell the gate how it ended (only the first call counts). */
export interface RateLimitPermit {
  /** The request got a response, with these headers (absent headers are `undefined`). */
  answered(headers: RateLimitHeaders): void
  /** The request got no response (connection error, timeout, abort) or was never sent. */
  release(): void
}

/** What the gate knows of one endpoint. */
interface EndpointState {
  /** `X-RateLimit-Limit` (or a lower bound of it); `undefined` until a response carried the headers. */
  limit: number | undefined
  /** Requests that may still be sent in the current window, counted down locally as they are sent. */
  remaining: number
  /** The server's reset of the current window (epoch ms); `undefined` while no answer in it told it. */
  resetAtMs: number | undefined
  /** When the client opens the next window: the reset, capped at `maxWaitMs` after it was learned. */
  opensAtMs: number | undefined
  /** Reset of the window before (epoch ms): answers naming it or an earlier one are stale. */
  previousResetAtMs: number | undefined
  /** Requests sent and not answered yet, whatever their window. */
  inFlight: number
  /** When the request sent to learn the limits (none known yet) went out; `undefined` when none is out. */
  probeSentAtMs: number | undefined
  /** The server answered without rate-limit headers before any with them: the endpoint is not gated. */
  ungated: boolean
  /** Callers waiting for the state to change. */
  readonly wakers: Set<() => void>
}

/**
 * Per-endpoint rate limits learned from `X-RateLimit-Limit` / `-Remaining` / `-Reset`, so that the client
 * sends no request the server would refuse:
 * - while nothing is known of an endpoint, one request goes first (a probe) and the others wait for its
 *   answer, at most `probeWaitMs`; an answer without the headers lifts the gate for that endpoint;
 * - then at most the window's remaining requests go out, counted down locally as they are sent (requests
 *   still in flight are subtracted from what the server reports), and the rest wait for the reset;
 * - at the reset a new window opens at the limit (minus requests still in flight), before any answer.
 * A 429 that still happens (another client on the same organization) is handled by the retry loop
 * through `Retry-After`.
 */
export class RateLimitGate {
  readonly #endpoints = new Map<string, EndpointState>()
  readonly #maxWaitMs: number
  readonly #probeWaitMs: number
  readonly #onWait: (event: RateLimitWaitEvent) => void

  constructor(options: {
    /** Longest wait for one reset, in milliseconds. */
    maxWaitMs: number
    /** Longest wait for the probe's answer, in milliseconds. */
    probeWaitMs: number
    onWait: (event: RateLimitWaitEvent) => void
  }) {
    this.#maxWaitMs = options.maxWaitMs
    this.#probeWaitMs = options.probeWaitMs
    this.#onWait = options.onWait
  }

  /**
   * Admits one request to `endpoint`, first waiting while its window is used up (or while the probe is
   * out). Rejects with the signal's reason if `signal` aborts while waiting.
   */
  async acquire(endpoint: string, signal?: AbortSignal | undefined): Promise<RateLimitPermit> {
    const state = this.#state(endpoint)
    let reportedOpening: number | undefined
    for (;;) {
      signal?.throwIfAborted()
      const now = Date.now()
      if (state.opensAtMs !== undefined && now >= state.opensAtMs) openNextWindow(state)
      const waitMs = this.#admission(state, now)
      if (waitMs === 0 || waitMs === PROBE) return this.#permit(state, waitMs === PROBE)
      if (waitMs !== undefined && state.opensAtMs !== undefined && reportedOpening !== state.opensAtMs) {
        reportedOpening = state.opensAtMs
        this.#onWait({ endpoint, waitMs, reason: 'window-exhausted' })
      }
      await waitForChange(state, waitMs, signal)
    }
  }

  /**
   * Whether a request may go now (`0`, or {@link PROBE} when it goes to learn the limits; either way it
   * is counted), else how long to wait at most before looking again (`undefined`: until an answer).
   */
  #admission(state: EndpointState, now: number): number | typeof PROBE | undefined {
    if (state.ungated) return 0
    if (state.limit === undefined) {
      if (state.probeSentAtMs === undefined) {
        state.probeSentAtMs = now
        return PROBE
      }
      const probeWaitMs = state.probeSentAtMs + this.#probeWaitMs - now
      return Math.max(probeWaitMs, 0)
    }
    // Nothing in flight will answer: send one to learn the window rather than wait for nothing.
    if (state.remaining > 0 || (state.opensAtMs === undefined && state.inFlight === 0)) {
      state.remaining = Math.max(0, state.remaining - 1)
      return 0
    }
    return state.opensAtMs === undefined ? undefined : state.opensAtMs - now
  }

  #permit(state: EndpointState, probe: boolean): RateLimitPermit {
    state.inFlight += 1
    let settled = false
    const settle = (headers: RateLimitHeaders | undefined): void => {
      if (settled) return
      settled = true
      state.inFlight -= 1
      // A probe that got no answer passes its role on to a waiting caller.
      if (probe) state.probeSentAtMs = undefined
      if (headers) this.#learn(state, headers)
      wake(state)
    }
    return { answered: (headers) => settle(headers), release: () => settle(undefined) }
  }

  /** Learns from one answer's headers. */
  #learn(state: EndpointState, headers: RateLimitHeaders): void {
    const now = Date.now()
    const remaining = Number(headers.remaining?.trim() || Number.NaN)
    const resetAtMs = parseRateLimitReset(headers.reset, now)
    if (!Number.isFinite(remaining) || remaining < 0 || resetAtMs === undefined) {
      // The server does not say: no gate, unless an earlier answer did.
      if (state.limit === undefined) state.ungated = true
      return
    }
    state.ungated = false
    // An answer from a window already over says nothing of the current one.
    const stale =
      state.resetAtMs === undefined
        ? resetAtMs <= (state.previousResetAtMs ?? Number.NEGATIVE_INFINITY)
        : resetAtMs < state.resetAtMs
    if (stale) return
    // The local count stands for the server's window, unless this answer is the first ever or from a newer window.
    const counted = state.limit !== undefined && (state.resetAtMs ?? resetAtMs) === resetAtMs
    const limit = Number(headers.limit?.trim() || Number.NaN)
    state.limit = Number.isFinite(limit) && limit > 0 ? limit : Math.max(state.limit ?? 1, remaining + 1)
    // Requests still in flight may not have been counted by the server yet: count them as spent.
    const left = remaining - state.inFlight
    state.remaining = Math.max(0, counted ? Math.min(state.remaining, left) : left)
    if (resetAtMs !== state.resetAtMs) {
      state.resetAtMs = resetAtMs
      state.opensAtMs = Math.min(resetAtMs, now + this.#maxWaitMs)
    }
  }

  #state(endpoint: string): EndpointState {
    let state = this.#endpoints.get(endpoint)
    if (!state) {
      state = {
        limit: undefined,
        remaining: 0,
        resetAtMs: undefined,
        opensAtMs: undefined,
        previousResetAtMs: undefined,
        inFlight: 0,
        probeSentAtMs: undefined,
        ungated: false,
        wakers: new Set(),
      }
      this.#endpoints.set(endpoint, state)
    }
    return state
  }
}

/** Marks the admission of the request sent to learn an endpoint's limits. */
const PROBE = 'probe'

/** The window has reset: a new one opens at the limit, less the requests still in flight. */
function openNextWindow(state: EndpointState): void {
  state.previousResetAtMs = state.resetAtMs
  state.resetAtMs = undefined
  state.opensAtMs = undefined
  state.remaining = Math.max(0, (state.limit ?? 0) - state.inFlight)
}

function wake(state: EndpointState): void {
  const wakers = [...state.wakers]
  state.wakers.clear()
  for (const waker of wakers) waker()
}

/** Resolves when the state changes or after `ms` (never, if `undefined`); rejects if `signal` aborts. */
function waitForChange(state: EndpointState, ms: number | undefined, signal: AbortSignal | undefined) {
  return new Promise<void>((resolve, reject) => {
    const done = (): void => {
      clearTimeout(timer)
      state.wakers.delete(done)
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }
    const onAbort = (): void => {
      done()
      reject(signal?.reason)
    }
    const timer = ms === undefined ? undefined : setTimeout(done, ms)
    state.wakers.add(done)
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}
