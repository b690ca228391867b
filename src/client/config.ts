/**
 * The client's options, and their resolution: each option first, then its `AMIGO_*` environment
 * variable, then the default. Missing or invalid values fail here, naming the option and the variable.
 */
import type { Dispatcher } from 'undici'
import { readEnv } from '../internal/env.js'
import { ConfigurationError } from './errors.js'
import type { RateLimitWaitEvent } from './rate-limit-gate.js'

/** Reported through `onRetry` before each retry. */
export interface RetryEvent {
  /** Endpoint label, e.g. `POST /v1/{org}/metric/evaluate`. */
  endpoint: string
  /** The attempt about to be made: 2 for the first retry. */
  attempt: number
  /** How long the client waits before it, in milliseconds. */
  delayMs: number
  /** What failed, e.g. `status 503`, `timeout`, `connection error`. */
  reason: string
}

export interface AmigoClientOptions {
  /** API key. @default process.env.AMIGO_API_KEY (required) */
  apiKey?: string | undefined
  /** ID of the API key. @default process.env.AMIGO_API_KEY_ID (required) */
  apiKeyId?: string | undefined
  /** ID of the user the key belongs to. @default process.env.AMIGO_USER_ID (required) */
  userId?: string | undefined
  /** Organization (name/slug) in every path. @default process.env.AMIGO_ORGANIZATION_ID (required) */
  organization?: string | undefined
  /** API origin, e.g. a regional host or the local simulator. @default process.env.AMIGO_BASE_URL ?? 'https://api.amigo.ai' */
  baseUrl?: string | undefined
  /** Sent as `x-mongo-cluster-name` on every request (sign-in included) when set. @default undefined (header not sent) */
  mongoClusterName?: string | undefined
  /**
   * Time allowed for one attempt, from sending to the whole body received. Evaluate is an LLM judgement
   * that can take a minute. @default 120000 @unit milliseconds
   */
  timeoutMs?: number | undefined
  /**
   * Retries after the first attempt (so `2` means up to 3 attempts), for 408/429/500/502/503/504,
   * connection errors and timeouts. A 401 earns one extra attempt after a fresh sign-in, not counted here.
   * @default 2
   */
  maxRetries?: number | undefined
  /** First backoff ceiling; doubles each retry, with full jitter. @default 250 @unit milliseconds */
  retryBaseDelayMs?: number | undefined
  /** Largest backoff ceiling. @default 30000 @unit milliseconds */
  retryMaxDelayMs?: number | undefined
  /**
   * Total time one call may spend waiting between its attempts (backoff and `Retry-After`); a retry that
   * would exceed it is not made and the last error is thrown. @default 120000 @unit milliseconds
   */
  retryBudgetMs?: number | undefined
  /**
   * Longest single wait the server can impose through `Retry-After` or `X-RateLimit-Reset`; larger values
   * are capped to this. @default 65000 @unit milliseconds
   */
  maxRateLimitWaitMs?: number | undefined
  /**
   * Sign in again this long before the token's `expires_at`; for short-lived tokens, 10% of the token's
   * lifetime if that is less. @default 300000 @unit milliseconds
   */
  tokenRefreshMarginMs?: number | undefined
  /**
   * An undici dispatcher (Agent, ProxyAgent, EnvHttpProxyAgent, MockAgent) to carry every request, through
   * Node's `fetch`. @default none: requests go over `node:http` / `node:https` with Node's global agents
   */
  dispatcher?: Dispatcher | undefined
  /** Called whenever the client waits because of a rate limit. @default undefined */
  onRateLimitWait?: ((event: RateLimitWaitEvent) => void) | undefined
  /** Called before every retry. @default undefined */
  onRetry?: ((event: RetryEvent) => void) | undefined
  /** `'debug'` logs each request and response line (secrets redacted). @default process.env.AMIGO_LOG ?? 'off' */
  logLevel?: 'off' | 'debug' | undefined
  /** Where debug lines go. @default writes to stderr */
  logger?: ((line: string) => void) | undefined
}

/** Per-call overrides. */
export interface RequestOptions {
  /** Aborts the call (including waits); the call rejects with `AbortedError` and is not retried. */
  signal?: AbortSignal | undefined
  /** Overrides the client's `timeoutMs` for this call. @unit milliseconds */
  timeoutMs?: number | undefined
  /** Overrides the client's `maxRetries` for this call. */
  maxRetries?: number | undefined
}

export const DEFAULT_BASE_URL = 'https://api.amigo.ai'

/** Options after resolution: every value present and checked. */
export interface ClientConfig {
  apiKey: string
  apiKeyId: string
  userId: string
  organization: string
  baseUrl: string
  mongoClusterName: string | undefined
  timeoutMs: number
  maxRetries: number
  retryBaseDelayMs: number
  retryMaxDelayMs: number
  retryBudgetMs: number
  maxRateLimitWaitMs: number
  tokenRefreshMarginMs: number
  dispatcher: Dispatcher | undefined
  onRateLimitWait: ((event: RateLimitWaitEvent) => void) | undefined
  onRetry: ((event: RetryEvent) => void) | undefined
  /** Receives redacted debug lines; `undefined` when debug logging is off. */
  debugLog: ((line: string) => void) | undefined
}

const STRING_OPTIONS = [
  'apiKey',
  'apiKeyId',
  'userId',
  'organization',
  'baseUrl',
  'mongoClusterName',
  'logLevel',
] as const
const FUNCTION_OPTIONS = ['onRateLimitWait', 'onRetry', 'logger'] as const

/** Options of the wrong JavaScript type (from untyped configs) fail here, naming the option, not deeper. */
function checkOptionTypes(options: unknown): asserts options is AmigoClientOptions {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new ConfigurationError(
      `Invalid Amigo client options ${Array.isArray(options) ? 'array' : String(options)}: expected an object of options.`,
      { option: 'client' },
    )
  }
  const given = options as Record<string, unknown>
  const wrong = (option: string, expected: string): never => {
    // Never shown: the value itself (it may be a credential).
    const value = given[option]
    throw new ConfigurationError(
      `Invalid \`${option}\` option of type ${value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value}: expected ${expected}.`,
      { option },
    )
  }
  for (const option of STRING_OPTIONS) {
    if (given[option] !== undefined && typeof given[option] !== 'string') wrong(option, 'a string')
  }
  for (const option of FUNCTION_OPTIONS) {
    if (given[option] !== undefined && typeof given[option] !== 'function') wrong(option, 'a function')
  }
}

/**
 * Checks the options that are given (types, numbers, base URL, log level) without requiring the
 * credentials, which may come from the environment when the client is made, or never be needed (replay).
 * Throws `ConfigurationError` naming the option.
 */
export function checkClientOptions(options: unknown): void {
  checkOptionTypes(options)
  const given = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined))
  resolveClientConfig({
    ...{
      apiKey: '-',
      apiKeyId: '-',
      userId: '-',
      organization: '-',
      baseUrl: DEFAULT_BASE_URL,
      logLevel: 'off',
    },
    ...given,
  })
}

/** Resolves and checks the options; throws `ConfigurationError` naming the option and env variable. */
export function resolveClientConfig(options: AmigoClientOptions): ClientConfig {
  checkOptionTypes(options)
  const apiKey = required(options.apiKey, 'apiKey', 'AMIGO_API_KEY', 'API key')
  const apiKeyId = required(options.apiKeyId, 'apiKeyId', 'AMIGO_API_KEY_ID', 'API key ID')
  const userId = required(options.userId, 'userId', 'AMIGO_USER_ID', 'user ID')
  const organization = required(options.organization, 'organization', 'AMIGO_ORGANIZATION_ID', 'organization')
  return {
    apiKey,
    apiKeyId,
    userId,
    organization,
    baseUrl: resolveBaseUrl(options.baseUrl),
    mongoClusterName: options.mongoClusterName?.trim() || undefined,
    timeoutMs: checkedNumber('timeoutMs', options.timeoutMs, 120_000, { min: 1 }),
    maxRetries: checkedNumber('maxRetries', options.maxRetries, 2, { min: 0, integer: true }),
    retryBaseDelayMs: checkedNumber('retryBaseDelayMs', options.retryBaseDelayMs, 250, { min: 0 }),
    retryMaxDelayMs: checkedNumber('retryMaxDelayMs', options.retryMaxDelayMs, 30_000, { min: 0 }),
    retryBudgetMs: checkedNumber('retryBudgetMs', options.retryBudgetMs, 120_000, { min: 0 }),
    maxRateLimitWaitMs: checkedNumber('maxRateLimitWaitMs', options.maxRateLimitWaitMs, 65_000, { min: 0 }),
    tokenRefreshMarginMs: checkedNumber('tokenRefreshMarginMs', options.tokenRefreshMarginMs, 300_000, {
      min: 0,
    }),
    dispatcher: options.dispatcher,
    onRateLimitWait: options.onRateLimitWait,
    onRetry: options.onRetry,
    debugLog: resolveDebugLog(options),
  }
}

function required(value: string | undefined, option: string, envVar: string, what: string): string {
  const found = value?.trim() || readEnv(envVar)
  if (found) return found
  throw new ConfigurationError(
    `Missing Amigo ${what}: pass the \`${option}\` option or set the ${envVar} environment variable.`,
    { option, envVar },
  )
}

function resolveBaseUrl(option: string | undefined): string {
  const fromOption = option?.trim()
  const value = fromOption || readEnv('AMIGO_BASE_URL') || DEFAULT_BASE_URL
  const url = URL.canParse(value) ? new URL(value) : undefined
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.search || url.hash) {
    const source = fromOption ? 'the `baseUrl` option' : 'the AMIGO_BASE_URL environment variable'
    throw new ConfigurationError(
      `Invalid Amigo base URL ${JSON.stringify(withoutUserInfo(value))} from ${source}: expected an http(s) URL such as ${DEFAULT_BASE_URL}.`,
      { option: 'baseUrl', envVar: 'AMIGO_BASE_URL' },
    )
  }
  return url.href.replace(/\/+$/, '')
}

/** Hides `user:password@` in a URL before it is shown. */
function withoutUserInfo(value: string): string {
  return value.replace(/\/\/[^/@]*@/, '//[REDACTED]@')
}

/**
 * A number option: `undefined` gives the default; anything else must be a finite number `>= min` (and an
 * integer if asked), else a `ConfigurationError` naming the option.
 */
export function checkedNumber(
  option: string,
  value: number | undefined,
  fallback: number,
  rule: { min: number; integer?: boolean },
): number {
  if (value === undefined) return fallback
  const valid = Number.isFinite(value) && value >= rule.min && (!rule.integer || Number.isInteger(value))
  if (valid) return value
  const expected = `${rule.integer ? 'an integer' : 'a finite number'} >= ${rule.min}`
  const shown = typeof value === 'string' ? JSON.stringify(value) : String(value)
  throw new ConfigurationError(`Invalid \`${option}\` ${shown}: expected ${expected}.`, { option })
}

function resolveDebugLog(options: AmigoClientOptions): ((line: string) => void) | undefined {
  const level = options.logLevel ?? readEnv('AMIGO_LOG') ?? 'off'
  if (level !== 'off' && level !== 'debug') {
    const source = options.logLevel ? 'the `logLevel` option' : 'the AMIGO_LOG environment variable'
    throw new ConfigurationError(
      `Invalid log level ${JSON.stringify(level)} from ${source}: expected "off" or "debug".`,
      { option: 'logLevel', envVar: 'AMIGO_LOG' },
    )
  }
  if (level === 'off') return undefined
  return options.logger ?? ((line) => process.stderr.write(`${line}\n`))
}
