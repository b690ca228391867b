import { raceAbort } from '../internal/sleep.js'

/** A bearer token and when it expires, as the sign-in endpoint returns them. */
export interface IssuedToken {
  token: string
  /** Epoch milliseconds of `expires_at`. */
  expiresAtMs: number
}

/** Share of a token's lifetime kept as refresh margin when that is less than the configured margin. */
const SHORT_TOKEN_MARGIN_SHARE = 0.1

/**
 * Keeps the bearer token: signs in on first use, again shortly before `expires_at`, and again after
 * `invalidate`. Concurrent callers share one in-flight sign-in; a caller's abort only stops its own wait.
 */
export class TokenManager {
  readonly #signIn: () => Promise<IssuedToken>
  readonly #refreshMarginMs: number
  #current: { token: string; refreshAtMs: number } | undefined
  #inFlight: Promise<string> | undefined

  constructor(options: { signIn: () => Promise<IssuedToken>; refreshMarginMs: number }) {
    this.#signIn = options.signIn
    this.#refreshMarginMs = options.refreshMarginMs
  }

  /** A token to send now: the kept one while it is fresh, else the result of a (shared) sign-in. */
  token(signal?: AbortSignal | undefined): Promise<string> {
    if (this.#current && Date.now() < this.#current.refreshAtMs) return Promise.resolve(this.#current.token)
    if (!this.#inFlight) {
      this.#inFlight = this.#refresh().finally(() => {
        this.#inFlight = undefined
      })
      // Every waiter may have given up (aborted) by the time a sign-in fails: that is not unhandled.
      this.#inFlight.catch(() => {})
    }
    return raceAbort(this.#inFlight, signal)
  }

  /** Drops `token` after the server rejected it (a newer token, from another caller's sign-in, is kept). */
  invalidate(token: string): void {
    if (this.#current?.token === token) this.#current = undefined
  }

  async #refresh(): Promise<string> {
    const issuedAtMs = Date.now()
    const { token, expiresAtMs } = await this.#signIn()
    const lifetimeMs = expiresAtMs - issuedAtMs
    const marginMs = Math.min(this.#refreshMarginMs, Math.max(0, lifetimeMs) * SHORT_TOKEN_MARGIN_SHARE)
    this.#current = { token, refreshAtMs: expiresAtMs - marginMs }
    return token
  }
}
