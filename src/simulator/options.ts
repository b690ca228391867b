/**
 * The simulator's public option and result types, and their defaults.
 */
import type { EvaluateMetricsRequest } from '../client/schemas.js'

/** The API endpoints the simulator serves, as named in rate limits, faults and counters. */
export type SimulatorEndpoint =
  | 'signin'
  | 'metrics.get'
  | 'metrics.create'
  | 'metrics.update'
  | 'metrics.delete'
  | 'metrics.search'
  | 'metrics.evaluate'

export const SIMULATOR_ENDPOINTS: readonly SimulatorEndpoint[] = [
  'signin',
  'metrics.get',
  'metrics.create',
  'metrics.update',
  'metrics.delete',
  'metrics.search',
  'metrics.evaluate',
]

/** The API key a client signs in with (`x-api-key`, `x-api-key-id`, `x-user-id`). */
export interface SimulatorCredentials {
  apiKey: string
  apiKeyId: string
  /** 24-hex ID of the signed-in user; also the `user_id` of metrics it creates. */
  userId: string
}

/** A fault the simulator injects instead of (or before) its normal answer. */
export type Fault =
  /** Answer with this status and a FastAPI body; `retryAfter` is sent as the `Retry-After` header. */
  | { kind: 'status'; status: number; retryAfter?: string | undefined }
  /** Wait this long (milliseconds), then answer normally. */
  | { kind: 'delay'; ms: number }
  /** Destroy the connection without answering. */
  | { kind: 'drop' }
  /** Answer 200 with a body that is not valid JSON. */
  | { kind: 'malformed-json' }
  /** Answer 200 with valid JSON that does not match the endpoint's response schema. */
  | { kind: 'schema-mismatch' }

export interface FaultRule {
  /** The endpoint the rule applies to, or `'*'` for all. */
  endpoint: SimulatorEndpoint | '*'
  fault: Fault
  /**
   * How many requests the fault is injected into, then the rule is spent.
   * @default unlimited
   */
  times?: number | undefined
  /**
   * How many matching requests to let through before the rule starts to apply.
   * @default 0
   */
  skip?: number | undefined
  /**
   * Chance (0 to 1) that the rule applies to a matching request, drawn from a PRNG seeded with
   * {@link SimulatorOptions.seed} and the rule's position, so a run is repeatable.
   * @default 1
   */
  probability?: number | undefined
}

export interface SimulatorOptions {
  /**
   * Port to listen on; 0 picks a free one.
   * @default 0
   */
  port?: number | undefined
  /**
   * Interface to listen on.
   * @default '127.0.0.1'
   */
  host?: string | undefined
  /**
   * The organization the simulator serves; other organizations answer 404 "Organization not found".
   * @default 'amigo-simulator'
   */
  organization?: string | undefined
  /**
   * Credentials that sign in; missing parts are random per start.
   * @default random
   */
  credentials?: Partial<SimulatorCredentials> | undefined
  /**
   * Directory with `conversations.json` and `metrics.json`.
   * @default the bundled `fixtures/amigo`
   */
  fixturesDir?: string | undefined
  /**
   * Requests allowed per endpoint per window (the reference's limits per minute).
   * @default { signin: 5, 'metrics.get': 10, 'metrics.search': 10, 'metrics.evaluate': 20, 'metrics.create': 100, 'metrics.update': 100, 'metrics.delete': 100 }
   */
  rateLimits?: Partial<Record<SimulatorEndpoint, number>> | undefined
  /**
   * Length of a rate-limit window.
   * @default 60000
   * @unit milliseconds
   */
  rateLimitWindowMs?: number | undefined
  /**
   * Time each successful evaluate answer takes, like a real LLM judge.
   * @default 0
   * @unit milliseconds
   */
  judgeLatencyMs?: number | undefined
  /**
   * Lifetime of a signed-in token (`expires_at`).
   * @default 3600000
   * @unit milliseconds
   */
  tokenTtlMs?: number | undefined
  /**
   * Seed of the PRNG behind fault probabilities.
   * @default 1
   */
  seed?: number | undefined
  /**
   * Faults to inject from the start; more can be added with `simulator.faults.add`.
   * @default []
   */
  faults?: readonly FaultRule[] | undefined
}

/** One request the simulator answered (`status` 0: the connection was dropped by a fault). */
export interface SimulatorRequestRecord {
  readonly endpoint: SimulatorEndpoint
  readonly method: string
  /** Path and query string as requested. */
  readonly path: string
  readonly status: number
}

/** What the simulator served. Requests to paths that are no API endpoint are not counted. */
export interface SimulatorCounters {
  /** Number of requests answered, optionally only for one endpoint and/or one status. */
  total(endpoint?: SimulatorEndpoint | undefined, status?: number | undefined): number
  /** Bodies of the evaluate requests the judge answered (200, no injected fault), in order. */
  readonly evaluateBodies: readonly EvaluateMetricsRequest[]
  readonly requests: readonly SimulatorRequestRecord[]
  reset(): void
}

export interface Simulator {
  /** Base URL, e.g. `http://127.0.0.1:41234`, without a trailing slash. */
  readonly url: string
  readonly organization: string
  readonly credentials: SimulatorCredentials
  /** The `AMIGO_*` environment variables that point a client at this simulator. */
  readonly env: Record<string, string>
  readonly counters: SimulatorCounters
  readonly faults: { add(rule: FaultRule): void; clear(): void }
  /** Invalidates every token signed in so far (the next call with one answers 401). */
  revokeTokens(): void
  /** Every bearer token issued so far, revoked or not (so tests can check that none leaks into output). */
  issuedTokens(): readonly string[]
  close(): Promise<void>
}

export const DEFAULT_RATE_LIMITS: Readonly<Record<SimulatorEndpoint, number>> = {
  signin: 5,
  'metrics.get': 10,
  'metrics.search': 10,
  'metrics.evaluate': 20,
  'metrics.create': 100,
  'metrics.update': 100,
  'metrics.delete': 100,
}
export const DEFAULT_ORGANIZATION = 'amigo-simulator'
export const DEFAULT_RATE_LIMIT_WINDOW_MS = 60_000
export const DEFAULT_TOKEN_TTL_MS = 3_600_000
