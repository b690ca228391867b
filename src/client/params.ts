/**
 * Parameters of the metric calls, and their validation before any network call: a bad value gives an
 * `InvalidInputError` naming the method, the field, the value and what would be right.
 */
import { z } from 'zod'
import { formatPath, InvalidInputError } from './errors.js'
import { type MetricType, metricTypeSchema, objectIdSchema } from './schemas.js'

/** Query of `GET /v1/{org}/metric/`. Arrays are sent as repeated keys (`id=a&id=b`). */
export interface MetricListParams {
  /** Only these metric IDs (24-hex). */
  id?: readonly string[] | undefined
  /** Page size, 0..50. @default 50 (server) */
  limit?: number | undefined
  /** Where to continue, from the previous page's `continuation_token`. @default 0 (server) */
  continuation_token?: number | string | undefined
  /** Only metrics applied to these service IDs (24-hex). */
  applied_to_service?: readonly string[] | undefined
  /** Only metrics of these types. */
  type?: readonly MetricType[] | undefined
  /** List deleted metrics instead of live ones. @default false (server) */
  is_deleted?: boolean | undefined
  /** Only metrics by these creators, each `org_id,user_id`. */
  creator?: readonly string[] | undefined
  /** Only metrics with these tags, each `key:value` (`key:*` any value, `key:` no value). */
  tag?: readonly string[] | undefined
  /** Sort fields, e.g. `-updated_at` (descending) or `+updated_at`. */
  sort_by?: readonly string[] | undefined
}

/** Query of `GET /v1/{org}/metric/search/` (top 50 by relevance). */
export interface MetricSearchParams {
  /** Text to find in names and descriptions; must not be blank. */
  query: string
  /** Only metrics applied to these service IDs (24-hex). */
  applied_to_service?: readonly string[] | undefined
  /** Only metrics of these types. */
  type?: readonly MetricType[] | undefined
  /** Only metrics by these creators, each `org_id,user_id`. */
  creator?: readonly string[] | undefined
  /** Only metrics with these tags, each `key:value` (`key:*` any value, `key:` no value). */
  tag?: readonly string[] | undefined
}

const uniqueList = <T extends z.ZodType>(item: T) =>
  z
    .array(item)
    .refine((items) => new Set(items).size === items.length, 'must not repeat a value')
    .optional()

const filterFields = {
  applied_to_service: uniqueList(objectIdSchema),
  type: uniqueList(metricTypeSchema),
  creator: uniqueList(z.string().regex(/^[^,]+,[^,]+$/, 'must be "org_id,user_id"')),
  tag: z.array(z.string().regex(/^[^:]+:/, 'must be "key:value" ("key:*" for any value)')).optional(),
}

export const metricListParamsSchema = z
  .object({
    id: uniqueList(objectIdSchema),
    limit: z.number().int().min(0).max(50).optional(),
    continuation_token: z.union([z.number().int().min(0), z.string().min(1)]).optional(),
    is_deleted: z.boolean().optional(),
    sort_by: z
      .array(z.string().regex(/^[+-]?\w+$/, 'must be a field name with an optional + or - prefix'))
      .optional(),
    ...filterFields,
  })
  .strict()

export const metricSearchParamsSchema = z
  .object({ query: z.string().trim().min(1, 'must not be blank'), ...filterFields })
  .strict()

/** Validates an argument of `method`; returns the parsed value or throws `InvalidInputError`. */
export function parseInput<S extends z.ZodType>(method: string, schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value)
  if (parsed.success) return parsed.data
  const problems = parsed.error.issues.map((issue) => {
    const path = formatPath(issue.path)
    const shown = path ? `${path} = ${preview(valueAt(value, issue.path))}` : preview(value)
    return `${shown}: ${issue.message}`
  })
  throw new InvalidInputError(`${method}: invalid argument: ${problems.join('; ')}`, { method })
}

/** Validates one 24-hex ID argument. */
export function parseObjectId(method: string, name: string, value: unknown): string {
  return parseInput(method, z.object({ [name]: objectIdSchema }), { [name]: value })[name] as string
}

/** Encodes params as a query string; arrays become repeated keys, `undefined` is left out. */
export function toQuery(params: Record<string, unknown>): URLSearchParams {
  const query = new URLSearchParams()
  for (const [key, value] of Object.entries(params)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item !== undefined) query.append(key, String(item))
    }
  }
  return query
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>(
    (current, key) =>
      typeof current === 'object' && current !== null ? Reflect.get(current, key) : undefined,
    value,
  )
}

const MAX_PREVIEW_LENGTH = 80

function preview(value: unknown): string {
  const text = value === undefined ? 'undefined' : JSON.stringify(value)
  return text.length > MAX_PREVIEW_LENGTH ? `${text.slice(0, MAX_PREVIEW_LENGTH)}…` : text
}
