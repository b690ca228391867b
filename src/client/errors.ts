/**
 * The client's errors. Every one has a stable `code`; HTTP ones carry the status, the endpoint (a label
 * like `POST /v1/{org}/metric/evaluate`) and the server's `detail`. `instanceof` works across two
 * copies of this module (Vitest may inline the package next to Node's copy): each error is branded with
 * the names of its classes under a `Symbol.for` key, and `Symbol.hasInstance` checks that brand.
 */

import type { z } from 'zod'
import type { validationIssueSchema } from './schemas.js'

/** One FastAPI validation issue (`422` bodies). */
export type ValidationIssue = z.infer<typeof validationIssueSchema>

/** The server's explanation of an error: a string, or FastAPI's list of validation issues. */
export type ErrorDetail = string | readonly ValidationIssue[]

export type AmigoErrorCode =
  | 'AMIGO_ERROR'
  | 'AMIGO_API_ERROR'
  | 'AMIGO_BAD_REQUEST'
  | 'AMIGO_AUTHENTICATION'
  | 'AMIGO_PERMISSION_DENIED'
  | 'AMIGO_NOT_FOUND'
  | 'AMIGO_CONFLICT'
  | 'AMIGO_UNPROCESSABLE_ENTITY'
  | 'AMIGO_RATE_LIMIT'
  | 'AMIGO_SERVICE_UNAVAILABLE'
  | 'AMIGO_INTERNAL_SERVER'
  | 'AMIGO_CONNECTION'
  | 'AMIGO_TIMEOUT'
  | 'AMIGO_RESPONSE_VALIDATION'
  | 'AMIGO_CONFIGURATION'
  | 'AMIGO_INVALID_INPUT'
  | 'AMIGO_ABORTED'

/** `error.toJSON()`: the error's name, code, message and its own fields, never a secret or the cause. */
export type AmigoErrorJSON = { name: string; code: AmigoErrorCode; message: string } & Record<string, unknown>

const KINDS = Symbol.for('vitest-amigo.error.kinds')

interface ErrorClass {
  readonly kind: string
  readonly errorCode: AmigoErrorCode
}

function kindsOf(errorClass: ErrorClass): string[] {
  const kinds: string[] = []
  for (let c: unknown = errorClass; typeof c === 'function' && 'kind' in c; c = Object.getPrototypeOf(c)) {
    kinds.push(String(c.kind))
  }
  return kinds
}

/** The root of every error this package throws. */
export class AmigoError extends Error {
  /** Class name used for the cross-copy `instanceof` brand (survives minification). */
  static readonly kind: string = 'AmigoError'
  /** The `code` instances of this class carry. */
  static readonly errorCode: AmigoErrorCode = 'AMIGO_ERROR'

  /** Stable, machine-readable error code, e.g. `AMIGO_RATE_LIMIT`. */
  readonly code: AmigoErrorCode

  constructor(message: string, options?: { cause?: unknown } | undefined) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause })
    const errorClass = new.target as unknown as ErrorClass
    this.name = errorClass.kind
    this.code = errorClass.errorCode
    Object.defineProperty(this, KINDS, { value: kindsOf(errorClass) })
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    if (typeof value !== 'object' || value === null) return false
    const kinds = (value as { [KINDS]?: unknown })[KINDS]
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class being tested (a subclass inherits this method).
    return Array.isArray(kinds) && kinds.includes(this.kind)
  }

  /** The error as plain data for logs and reports: own fields only, no `cause`, no stack. */
  toJSON(): AmigoErrorJSON {
    const fields = Object.fromEntries(Object.entries(this).filter(([, value]) => value !== undefined))
    return { ...fields, name: this.name, code: this.code, message: this.message }
  }
}

export interface ApiErrorInit {
  status: number
  /** Endpoint label, e.g. `POST /v1/{org}/metric/evaluate`. */
  endpoint: string
  detail?: ErrorDetail | undefined
  /** How long the server asked to wait before retrying (`Retry-After`), in milliseconds. */
  retryAfterMs?: number | undefined
}

/** The API answered with an error status. Subclasses name the meaningful statuses. */
export class ApiError extends AmigoError {
  static override readonly kind: string = 'ApiError'
  static override readonly errorCode: AmigoErrorCode = 'AMIGO_API_ERROR'

  /** HTTP status of the response. */
  readonly status: number
  /** Endpoint label, e.g. `POST /v1/{org}/metric/evaluate`. */
  readonly endpoint: string
  /** The server's `detail` (or `message`/`error`), if the body had one. */
  readonly detail: ErrorDetail | undefined
  /** `Retry-After` of the response in milliseconds, if it had one. */
  readonly retryAfterMs: number | undefined

  constructor(init: ApiErrorInit) {
    super(`${init.status} ${init.endpoint}: ${formatDetail(init.detail)}`)
    this.status = init.status
    this.endpoint = init.endpoint
    this.detail = init.detail
    this.retryAfterMs = init.retryAfterMs
  }
}

/** 400: a domain error, e.g. deleting a metric used in a simulation unit test. */
export class BadRequestError extends ApiError {
  static override readonly kind: string = 'BadRequestError'
  static override readonly errorCode: AmigoErrorCode = 'AMIGO_BAD_REQUEST'
}
/** 401: the credentials or the token were rejected (after one fresh sign-in). */
export class AuthenticationError extends ApiError {
  static override readonly kind: string = 'AuthenticationError'
  static override readonly errorCode: AmigoErrorCode = 'AMIGO_AUTHENTICATION'
}
/** 403: the user lacks a permission the endpoint needs. */
export class PermissionDeniedError extends ApiError {
  static override readonly kind: string = 'PermissionDeniedError'
  static override readonly errorCode: AmigoErrorCode = 'AMIGO_PERMISSION_DENIED'
}
/** 404: organization, metric, conversation or interaction not found (or the wrong region). */
export class NotFoundError extends ApiError {
  static override readonly kind: string = 'NotFoundError'
  static override readonly errorCode: AmigoErrorCode = 'AMIGO_NOT_FOUND'
}
/** 409: a metric with this name already exists. */
export class ConflictError extends ApiError {
  static override readonly kind: string = 'ConflictError'
  static override readonly errorCode: AmigoErrorCode = 'AMIGO_CONFLICT'
}
/** 422: the server's request validation failed; `detail` lists the issues. */
export class UnprocessableEntityError extends ApiError {
  static override readonly kind: string = 'UnprocessableEntityError'
  static override readonly errorCode: AmigoErrorCode = 'AMIGO_UNPROCESSABLE_ENTITY'
}
/** 429: rate limited, still after the retries. */
export class RateLimitError extends ApiError {
  static override readonly kind: string = 'RateLimitError'
  static override readonly errorCode: AmigoErrorCode = 'AMIGO_RATE_LIMIT'
}
/** 503: the service is in maintenance. */
export class ServiceUnavailableError extends ApiError {
  static override readonly kind: string = 'ServiceUnavailableError'
  static override readonly errorCode: AmigoErrorCode = 'AMIGO_SERVICE_UNAVAILABLE'
}
/** Any other 5xx. */
export class InternalServerError extends ApiError {
  static override readonly kind: string = 'InternalServerError'
  static override readonly errorCode: AmigoErrorCode = 'AMIGO_INTERNAL_SERVER'
}

/** The request got no response: connection refused or reset, socket closed, DNS failure. */
export class ConnectionError extends AmigoError {
  static override readonly kind: string = 'ConnectionError'
  static override readonly errorCode: AmigoErrorCode = 'AMIGO_CONNECTION'
  /** Endpoint label, e.g. `POST /v1/{org}/metric/evaluate`. */
  readonly endpoint: string

  constructor(message: string, init: { endpoint: string; cause?: unknown }) {
    super(message, init)
    this.endpoint = init.endpoint
  }
}

/** No complete response within the per-request timeout. */
export class TimeoutError extends ConnectionError {
  static override readonly kind: string = 'TimeoutError'
  static override readonly errorCode: AmigoErrorCode = 'AMIGO_TIMEOUT'
  /** The timeout that expired, in milliseconds. */
  readonly timeoutMs: number

  constructor(init: { endpoint: string; timeoutMs: number }) {
    super(`${init.endpoint}: no response within ${init.timeoutMs} ms (timeoutMs)`, init)
    this.timeoutMs = init.timeoutMs
  }
}

/** One problem found in a response body: where (`metrics[0].value`) and what. */
export interface ResponseIssue {
  path: string
  message: string
}

/** A response body was not JSON or did not match the endpoint's schema. */
export class ResponseValidationError extends AmigoError {
  static override readonly kind: string = 'ResponseValidationError'
  static override readonly errorCode: AmigoErrorCode = 'AMIGO_RESPONSE_VALIDATION'
  readonly endpoint: string
  readonly status: number
  readonly issues: readonly ResponseIssue[]

  constructor(init: { endpoint: string; status: number; issues: readonly ResponseIssue[]; cause?: unknown }) {
    super(
      `${init.status} ${init.endpoint}: unexpected response body: ${init.issues
        .map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message))
        .join('; ')}`,
      init,
    )
    this.endpoint = init.endpoint
    this.status = init.status
    this.issues = init.issues
  }
}

/** A client option is missing or invalid. Names the option and its environment variable. */
export class ConfigurationError extends AmigoError {
  static override readonly kind: string = 'ConfigurationError'
  static override readonly errorCode: AmigoErrorCode = 'AMIGO_CONFIGURATION'
  /** The option, e.g. `apiKey`. */
  readonly option: string
  /** The environment variable that can supply it, if any, e.g. `AMIGO_API_KEY`. */
  readonly envVar: string | undefined

  constructor(message: string, init: { option: string; envVar?: string | undefined }) {
    super(message)
    this.option = init.option
    this.envVar = init.envVar
  }
}

/** An argument of a client method is invalid; thrown before any network call. */
export class InvalidInputError extends AmigoError {
  static override readonly kind: string = 'InvalidInputError'
  static override readonly errorCode: AmigoErrorCode = 'AMIGO_INVALID_INPUT'
  /** The method, e.g. `metrics.evaluate`. */
  readonly method: string

  constructor(message: string, init: { method: string }) {
    super(message)
    this.method = init.method
  }
}

/** The caller's `AbortSignal` aborted the request. Never retried. */
export class AbortedError extends AmigoError {
  static override readonly kind: string = 'AbortedError'
  static override readonly errorCode: AmigoErrorCode = 'AMIGO_ABORTED'
  readonly endpoint: string

  constructor(init: { endpoint: string; cause?: unknown }) {
    super(`${init.endpoint}: aborted by the caller's signal`, init)
    this.endpoint = init.endpoint
  }
}

type ApiErrorClass = new (init: ApiErrorInit) => ApiError

const CLASS_BY_STATUS: ReadonlyMap<number, ApiErrorClass> = new Map<number, ApiErrorClass>([
  [400, BadRequestError],
  [401, AuthenticationError],
  [403, PermissionDeniedError],
  [404, NotFoundError],
  [409, ConflictError],
  [422, UnprocessableEntityError],
  [429, RateLimitError],
  [503, ServiceUnavailableError],
])

/** The error class for an HTTP error status. */
export function errorClassForStatus(status: number): ApiErrorClass {
  return CLASS_BY_STATUS.get(status) ?? (status >= 500 ? InternalServerError : ApiError)
}

/** Renders `detail` for a message: the string, or one indented line per validation issue. */
function formatDetail(detail: ErrorDetail | undefined): string {
  if (detail === undefined) return 'no error detail in the response'
  if (typeof detail === 'string') return detail
  const lines = detail.map((issue) => `  - ${formatPath(issue.loc)}: ${issue.msg} (${issue.type})`)
  return `request validation failed:\n${lines.join('\n')}`
}

/** A field path for messages: `['metrics', 0, 'name']` -> `metrics[0].name`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (text, part) =>
      typeof part === 'number' ? `${text}[${part}]` : text ? `${text}.${String(part)}` : String(part),
    '',
  )
}
