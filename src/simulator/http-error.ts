/**
 * Errors the simulator answers with, in FastAPI's body shapes: `{"detail": "..."}`, and for 422
 * `{"detail": [{"loc": [...], "msg": "...", "type": "..."}]}`.
 */
import type { z } from 'zod'

export interface ValidationIssue {
  readonly loc: readonly (string | number)[]
  readonly msg: string
  readonly type: string
}

export class HttpError extends Error {
  readonly status: number
  readonly detail: string | readonly ValidationIssue[]
  readonly headers: Readonly<Record<string, string>>

  constructor(
    status: number,
    detail: string | readonly ValidationIssue[],
    headers: Record<string, string> = {},
  ) {
    super(typeof detail === 'string' ? detail : detail.map((i) => `${i.loc.join('.')}: ${i.msg}`).join('; '))
    this.name = 'HttpError'
    this.status = status
    this.detail = detail
    this.headers = headers
  }

  get body(): { detail: string | readonly ValidationIssue[] } {
    return { detail: this.detail }
  }
}

export function validationError(issues: readonly ValidationIssue[]): HttpError {
  return new HttpError(422, issues)
}

/** A 404 for an unknown `what` (Metric, Conversation, ...). */
export function notFound(what: string, id: string): HttpError {
  return new HttpError(404, `${what} ${id} not found.`)
}

/** FastAPI's type of a size issue, by zod's issue code and the kind of value (strings, arrays, numbers). */
const SIZE_ISSUE_TYPES = {
  too_small: { string: 'string_too_short', array: 'too_short', number: 'greater_than_equal' },
  too_big: { string: 'string_too_long', array: 'too_long', number: 'less_than_equal' },
} as const

function issueType(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'missing' : `${issue.expected}_type`
    case 'too_small':
    case 'too_big': {
      const types = SIZE_ISSUE_TYPES[issue.code]
      return issue.origin === 'string' ? types.string : issue.origin === 'array' ? types.array : types.number
    }
    case 'invalid_format':
      return 'string_pattern_mismatch'
    case 'invalid_union':
    case 'invalid_value':
      return 'literal_error'
    case 'unrecognized_keys':
      return 'extra_forbidden'
    default:
      return 'value_error'
  }
}

/** FastAPI validation issues for a failed zod parse of the request part `where` (`body`, `query`, `path`). */
function issuesFromZod(error: z.ZodError, where: 'body' | 'query' | 'path'): ValidationIssue[] {
  return error.issues.flatMap((issue): ValidationIssue[] => {
    const loc = [where, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))]
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        loc: [...loc, key],
        msg: 'Extra inputs are not permitted',
        type: 'extra_forbidden',
      }))
    }
    const msg = issue.code === 'invalid_type' && issue.input === undefined ? 'Field required' : issue.message
    return [{ loc, msg, type: issueType(issue) }]
  })
}

/** Parses `input` with `schema`, or throws a 422 {@link HttpError} naming the bad fields. */
export function parseOr422<S extends z.ZodType>(
  schema: S,
  input: unknown,
  where: 'body' | 'query' | 'path',
): z.output<S> {
  const parsed = schema.safeParse(input, { reportInput: true })
  if (!parsed.success) throw validationError(issuesFromZod(parsed.error, where))
  return parsed.data
}
