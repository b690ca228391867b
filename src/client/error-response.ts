/**
 * How an HTTP error response becomes the client's typed error. Apart from the error classes (`errors.ts`,
 * which load nothing) because reading the body uses the zod schemas.
 */
import { type ApiError, type ErrorDetail, errorClassForStatus } from './errors.js'
import { errorBodySchema } from './schemas.js'

export interface ErrorResponse {
  status: number
  endpoint: string
  /** Raw response body text. */
  body: string
  retryAfterMs?: number | undefined
  /** Applied to every text taken from the body, so an echoed secret never reaches a message. */
  redact: (text: string) => string
}

/** Builds the typed error for an error response; reads `detail`, then `message`, then `error`. */
export function errorFromResponse(response: ErrorResponse): ApiError {
  const ErrorClass = errorClassForStatus(response.status)
  const detail = readDetail(response.body, response.redact)
  return new ErrorClass({
    status: response.status,
    endpoint: response.endpoint,
    detail,
    retryAfterMs: response.retryAfterMs,
  })
}

const MAX_RAW_DETAIL_LENGTH = 300

function readDetail(body: string, redact: (text: string) => string): ErrorDetail | undefined {
  const text = body.trim()
  if (!text) return undefined
  const parsed = errorBodySchema.safeParse(parseJson(text))
  if (!parsed.success) return redact(text.slice(0, MAX_RAW_DETAIL_LENGTH))
  const { detail, message, error } = parsed.data
  if (Array.isArray(detail)) return detail.map((issue) => ({ ...issue, msg: redact(issue.msg) }))
  const found = detail ?? message ?? error
  return found === undefined ? undefined : redact(found)
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}
