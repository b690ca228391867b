/**
 * Runs one API call end to end: rate-limit gate, bearer token, the attempt, error mapping, one fresh
 * sign-in after a 401, retries with backoff / `Retry-After` inside the retry budget, and zod validation
 * of the response body.
 */
import type { z } from 'zod'
import { Redactor } from '../internal/redact.js'
import { sleep } from '../internal/sleep.js'
import { backoffDelayMs, parseRetryAfter } from './backoff.js'
import { type ClientConfig, checkedNumber, type RequestOptions } from './config.js'
import { errorFromResponse } from './error-response.js'
import {
  AbortedError,
  type AmigoError,
  ApiError,
  AuthenticationError,
  ConnectionError,
  formatPath,
  RateLimitError,
  ResponseValidationError,
  TimeoutError,
} from './errors.js'
import { RateLimitGate, type RateLimitPermit, type RateLimitWaitEvent } from './rate-limit-gate.js'
import { signInResponseSchema } from './schemas.js'
import { TokenManager } from './token-manager.js'
import { type HttpMethod, type HttpResponse, sendAttempt } from './transport.js'

/** One endpoint call, as the resources describe it. */
export interface ApiCall {
  /** Endpoint label, e.g. `POST /v1/{org}/metric/evaluate`: names the endpoint in errors, events, logs. */
  endpoint: string
  method: HttpMethod
  /** Path below the base URL, e.g. `/v1/acme/metric/evaluate`. */
  path: string
  query?: URLSearchParams | undefined
  /** JSON body. */
  body?: unknown
  /**
   * Whether sending the request twice is harmless. If not, it is retried only on answers that mean the
   * server did not act on it (408, 429, 503).
   */
  idempotent: boolean
}

/** Statuses worth a retry (the set Amigo's SDKs retry). */
const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504])
/** Retryable statuses that mean the request was not processed, so even a non-idempotent call may repeat. */
const NOT_PROCESSED_STATUSES: ReadonlySet<number> = new Set([408, 429, 503])

/**
 * Longest wait for the first answer of an endpoint (which tells its rate limits) before the calls waiting
 * for it go anyway, in milliseconds.
 */
const RATE_LIMIT_PROBE_WAIT_MS = 10_000

const SIGN_IN_ENDPOINT = 'POST /v1/{org}/user/signin_with_api_key'
const USER_AGENT = 'vitest-amigo'

export class RequestRunner {
  readonly #config: ClientConfig
  readonly #redactor: Redactor
  readonly #gate: RateLimitGate
  readonly #tokens: TokenManager
  readonly #redact = (text: string): string => this.#redactor.redact(text)

  constructor(config: ClientConfig) {
    this.#config = config
    this.#redactor = new Redactor([config.apiKey, config.apiKeyId])
    this.#gate = new RateLimitGate({
      maxWaitMs: config.maxRateLimitWaitMs,
      probeWaitMs: RATE_LIMIT_PROBE_WAIT_MS,
      onWait: (event) => this.#reportRateLimitWait(event),
    })
    this.#tokens = new TokenManager({
      signIn: () => this.#signIn(),
      refreshMarginMs: config.tokenRefreshMarginMs,
    })
  }

  /** Runs `call` and returns its body validated by `schema`. */
  async json<S extends z.ZodType>(
    call: ApiCall,
    schema: S,
    options: RequestOptions = {},
  ): Promise<z.output<S>> {
    const response = await this.#run(call, options, true)
    return this.#parse(call.endpoint, response, schema)
  }

  /** Runs `call`, whose body (the API documents it as `any`) is not used. */
  async send(call: ApiCall, options: RequestOptions = {}): Promise<void> {
    await this.#run(call, options, true)
  }

  async #signIn(): Promise<{ token: string; expiresAtMs: number }> {
    const { organization, apiKey, apiKeyId, userId } = this.#config
    const call: ApiCall = {
      endpoint: SIGN_IN_ENDPOINT,
      method: 'POST',
      path: `/v1/${encodeURIComponent(organization)}/user/signin_with_api_key`,
      idempotent: true,
    }
    const headers = { 'x-api-key': apiKey, 'x-api-key-id': apiKeyId, 'x-user-id': userId }
    const response = await this.#run(call, {}, false, headers)
    const body = this.#parse(SIGN_IN_ENDPOINT, response, signInResponseSchema)
    this.#redactor.add(body.id_token)
    const expiresAtMs = Date.parse(body.expires_at)
    if (Number.isNaN(expiresAtMs)) {
      throw new ResponseValidationError({
        endpoint: SIGN_IN_ENDPOINT,
        status: response.status,
        issues: [{ path: 'expires_at', message: `not an ISO date-time: ${JSON.stringify(body.expires_at)}` }],
      })
    }
    this.#debug(`signed in; token expires at ${body.expires_at}`)
    return { token: body.id_token, expiresAtMs }
  }

  async #run(
    call: ApiCall,
    options: RequestOptions,
    authenticated: boolean,
    extraHeaders: Record<string, string> = {},
  ): Promise<HttpResponse> {
    const config = this.#config
    const timeoutMs = checkedNumber('timeoutMs', options.timeoutMs, config.timeoutMs, { min: 1 })
    const maxRetries = checkedNumber('maxRetries', options.maxRetries, config.maxRetries, {
      min: 0,
      integer: true,
    })
    const { signal } = options
    const url = new URL(config.baseUrl + call.path)
    if (call.query?.size) url.search = call.query.toString()
    const body = call.body === undefined ? undefined : JSON.stringify(call.body)
    let attempt = 0
    let waitedMs = 0
    let reauthenticated = false
    try {
      signal?.throwIfAborted()
      for (;;) {
        attempt += 1
        const permit = await this.#gate.acquire(call.endpoint, signal)
        let token: string | undefined
        let outcome: HttpResponse | AmigoError
        try {
          token = authenticated ? await this.#tokens.token(signal) : undefined
          const headers = this.#headers(extraHeaders, token, body !== undefined)
          outcome = await this.#attempt(url, call, { headers, body }, { timeoutMs, signal, permit })
        } finally {
          permit.release()
        }
        if (!(outcome instanceof Error)) return outcome
        if (token && outcome instanceof AuthenticationError && !reauthenticated) {
          // The token may have been revoked or expired early: drop it, sign in again, retry once.
          this.#tokens.invalidate(token)
          reauthenticated = true
          attempt -= 1
          continue
        }
        const reason = retryReason(outcome, call.idempotent)
        if (reason === undefined || attempt > maxRetries) throw outcome
        const delayMs = this.#retryDelayMs(outcome, attempt)
        if (waitedMs + delayMs > config.retryBudgetMs) throw outcome
        waitedMs += delayMs
        this.#debug(`retrying ${call.endpoint} in ${delayMs} ms (attempt ${attempt + 1}, ${reason})`)
        config.onRetry?.({ endpoint: call.endpoint, attempt: attempt + 1, delayMs, reason })
        if (outcome instanceof RateLimitError && outcome.retryAfterMs !== undefined) {
          this.#reportRateLimitWait({ endpoint: call.endpoint, waitMs: delayMs, reason: 'retry-after' })
        }
        await sleep(delayMs, signal)
      }
    } catch (error) {
      if (signal?.aborted && !(error instanceof AbortedError)) {
        throw new AbortedError({ endpoint: call.endpoint, cause: signal.reason })
      }
      throw error
    }
  }

  /** The server's `Retry-After` (capped), else exponential backoff with full jitter. */
  #retryDelayMs(error: AmigoError, retry: number): number {
    const { maxRateLimitWaitMs, retryBaseDelayMs, retryMaxDelayMs } = this.#config
    const serverWaitMs = error instanceof ApiError ? error.retryAfterMs : undefined
    if (serverWaitMs !== undefined) return Math.min(serverWaitMs, maxRateLimitWaitMs)
    return backoffDelayMs(retry, { baseDelayMs: retryBaseDelayMs, maxDelayMs: retryMaxDelayMs })
  }

  /** One attempt: the success response, or the typed error of a failure (thrown only for an abort). */
  async #attempt(
    url: URL,
    call: ApiCall,
    init: { headers: Record<string, string>; body: string | undefined },
    options: { timeoutMs: number; signal: AbortSignal | undefined; permit: RateLimitPermit },
  ): Promise<HttpResponse | AmigoError> {
    const { permit, ...sending } = options
    this.#debug(`-> ${call.method} ${url.pathname}${url.search}`)
    const startedAt = Date.now()
    let response: HttpResponse
    try {
      response = await sendAttempt(
        url,
        { method: call.method, ...init },
        { endpoint: call.endpoint, dispatcher: this.#config.dispatcher, redact: this.#redact, ...sending },
      )
    } catch (error) {
      if (!(error instanceof ConnectionError)) throw error
      this.#debug(`<- ${call.endpoint} failed: ${error.message}`)
      return error
    }
    const header = (name: string): string | undefined => response.headers.get(name)
    permit.answered({
      limit: header('x-ratelimit-limit'),
      remaining: header('x-ratelimit-remaining'),
      reset: header('x-ratelimit-reset'),
    })
    this.#debug(
      `<- ${response.status} ${call.endpoint} in ${Date.now() - startedAt} ms` +
        (header('x-ratelimit-remaining') ? ` (rate limit remaining ${header('x-ratelimit-remaining')})` : ''),
    )
    if (response.status >= 200 && response.status < 300) return response
    return errorFromResponse({
      status: response.status,
      endpoint: call.endpoint,
      body: response.body,
      retryAfterMs: parseRetryAfter(header('retry-after'), Date.now()),
      redact: this.#redact,
    })
  }

  #headers(
    extra: Record<string, string>,
    token: string | undefined,
    hasBody: boolean,
  ): Record<string, string> {
    return {
      accept: 'application/json',
      'user-agent': USER_AGENT,
      ...(hasBody ? { 'content-type': 'application/json' } : {}),
      ...(this.#config.mongoClusterName ? { 'x-mongo-cluster-name': this.#config.mongoClusterName } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...extra,
    }
  }

  #parse<S extends z.ZodType>(endpoint: string, response: HttpResponse, schema: S): z.output<S> {
    let json: unknown
    try {
      json = JSON.parse(response.body)
    } catch (error) {
      throw new ResponseValidationError({
        endpoint,
        status: response.status,
        issues: [{ path: '', message: `body is not valid JSON (${response.body.length} bytes)` }],
        cause: error,
      })
    }
    const parsed = schema.safeParse(json)
    if (parsed.success) return parsed.data
    throw new ResponseValidationError({
      endpoint,
      status: response.status,
      issues: parsed.error.issues.map((issue) => ({
        path: formatPath(issue.path),
        message: this.#redact(issue.message),
      })),
      cause: parsed.error,
    })
  }

  #reportRateLimitWait(event: RateLimitWaitEvent): void {
    this.#debug(`rate limit: waiting ${event.waitMs} ms before ${event.endpoint} (${event.reason})`)
    this.#config.onRateLimitWait?.(event)
  }

  #debug(line: string): void {
    this.#config.debugLog?.(this.#redact(`[vitest-amigo] ${line}`))
  }
}

/** Why `error` deserves a retry, or `undefined` if it does not. */
function retryReason(error: AmigoError, idempotent: boolean): string | undefined {
  if (error instanceof ApiError) {
    const retryable =
      RETRYABLE_STATUSES.has(error.status) && (idempotent || NOT_PROCESSED_STATUSES.has(error.status))
    return retryable ? `status ${error.status}` : undefined
  }
  if (!idempotent) return undefined
  if (error instanceof TimeoutError) return 'timeout'
  if (error instanceof ConnectionError) return 'connection error'
  return undefined
}
