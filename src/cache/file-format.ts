/**
 * The cache file format, version 1: what one `<conversationId>.json` holds, how it is validated when read
 * and how it is written. Only the fields of `CacheEntry` are ever stored (no credentials, no headers):
 *
 * ```json
 * {
 *   "conversation_id": "…",
 *   "format_version": 1,
 *   "interactions": {
 *     "<interaction ID or whole-conversation>": {
 *       "<metric ID>": {
 *         "base_url": "…", "categories": ["…"], "fingerprint": "…", "judged_at": "…", "justification": "…",
 *         "lower_bound": 0, "metric_name": "…", "metric_type": "numerical", "references": ["…"],
 *         "upper_bound": 10, "value": 7
 *       }
 *     }
 *   },
 *   "organization": "…"
 * }
 * ```
 */
import { z } from 'zod'
import { metricResultValueSchema, metricTypeSchema } from '../client/schemas.js'
import { stableStringify } from './stable-json.js'
import type { CacheEntry } from './types.js'

/** Bumped on any incompatible change; files of another version are unreadable (set aside, re-judged). */
export const CACHE_FORMAT_VERSION = 1

/** The JavaScript type of a judged (non-null) value, per metric type. */
const VALUE_KIND = { numerical: 'number', boolean: 'boolean', categorical: 'string' } as const

const storedEntrySchema = z
  .strictObject({
    metric_name: z.string(),
    metric_type: metricTypeSchema,
    lower_bound: z.number().optional(),
    upper_bound: z.number().optional(),
    categories: z.array(z.string()).optional(),
    fingerprint: z.string().min(1),
    value: metricResultValueSchema,
    justification: z.string(),
    references: z.array(z.string()),
    judged_at: z.iso.datetime({ offset: true }),
    base_url: z.string(),
  })
  .refine((entry) => entry.value === null || typeof entry.value === VALUE_KIND[entry.metric_type], {
    // A hand-edited value of the wrong kind would otherwise be served as the judge's verdict.
    message:
      'the value does not fit the metric type (numerical: a number, boolean: true or false, categorical: a string, or null)',
    path: ['value'],
  })
type StoredEntry = z.infer<typeof storedEntrySchema>

const nonEmptyKey = z.string().min(1)

const cacheFileSchema = z.strictObject({
  format_version: z.literal(CACHE_FORMAT_VERSION),
  organization: z.string().min(1),
  conversation_id: z.string().min(1),
  interactions: z.record(nonEmptyKey, z.record(nonEmptyKey, storedEntrySchema)),
})
type StoredFile = z.infer<typeof cacheFileSchema>

/** A cache file's entries: interaction key → metric ID → entry. */
export type CacheFileEntries = ReadonlyMap<string, ReadonlyMap<string, CacheEntry>>

/** What a cache file holds, in memory. */
export interface CacheFileContents {
  readonly organization: string
  readonly conversationId: string
  readonly entries: CacheFileEntries
}

export type ParsedCacheFile =
  | { readonly ok: true; readonly contents: CacheFileContents }
  | { readonly ok: false; readonly reason: string }

const fromStored = (metricId: string, stored: StoredEntry): CacheEntry => ({
  metricId,
  metricName: stored.metric_name,
  metricType: stored.metric_type,
  ...(stored.lower_bound === undefined ? {} : { lowerBound: stored.lower_bound }),
  ...(stored.upper_bound === undefined ? {} : { upperBound: stored.upper_bound }),
  ...(stored.categories === undefined ? {} : { categories: stored.categories }),
  fingerprint: stored.fingerprint,
  value: stored.value,
  justification: stored.justification,
  references: stored.references,
  judgedAt: stored.judged_at,
  baseUrl: stored.base_url,
})

/** Field by field, so nothing but what the format knows (never a stray property of the caller) is stored. */
const toStored = (entry: CacheEntry): StoredEntry => ({
  metric_name: entry.metricName,
  metric_type: entry.metricType,
  ...(entry.lowerBound === undefined ? {} : { lower_bound: entry.lowerBound }),
  ...(entry.upperBound === undefined ? {} : { upper_bound: entry.upperBound }),
  ...(entry.categories === undefined ? {} : { categories: [...entry.categories] }),
  fingerprint: entry.fingerprint,
  value: entry.value,
  justification: entry.justification,
  references: [...entry.references],
  judged_at: entry.judgedAt,
  base_url: entry.baseUrl,
})

const describeJsonError = (error: unknown): string =>
  `is not valid JSON (${error instanceof Error ? error.message : String(error)})`

const describeSchemaError = (error: z.ZodError): string => {
  const [first, ...rest] = error.issues
  if (!first) return 'does not match the cache file format'
  const where = first.path.length > 0 ? ` at ${first.path.map(String).join('.')}` : ''
  const more = rest.length > 0 ? ` (and ${rest.length} more problem${rest.length === 1 ? '' : 's'})` : ''
  return `does not match the cache file format: ${first.message}${where}${more}`
}

/**
 * Parses and validates a cache file's text for the expected organization and conversation. Never throws:
 * an unreadable file gives `{ ok: false, reason }`, the reason being fit for a warning.
 */
export const parseCacheFile = (
  text: string,
  expected: { readonly organization: string; readonly conversationId: string },
): ParsedCacheFile => {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    return { ok: false, reason: describeJsonError(error) }
  }
  const version = (json as { format_version?: unknown } | null)?.format_version
  if (typeof version === 'number' && version !== CACHE_FORMAT_VERSION) {
    return {
      ok: false,
      reason: `has cache format version ${version}; this version of vitest-amigo reads version ${CACHE_FORMAT_VERSION}`,
    }
  }
  const parsed = cacheFileSchema.safeParse(json)
  if (!parsed.success) return { ok: false, reason: describeSchemaError(parsed.error) }
  const file = parsed.data
  if (file.organization !== expected.organization || file.conversation_id !== expected.conversationId) {
    return {
      ok: false,
      reason: `holds organization ${JSON.stringify(file.organization)} and conversation ${JSON.stringify(file.conversation_id)}, expected ${JSON.stringify(expected.organization)} and ${JSON.stringify(expected.conversationId)}`,
    }
  }
  const entries = new Map<string, Map<string, CacheEntry>>()
  for (const [interaction, metrics] of Object.entries(file.interactions)) {
    entries.set(
      interaction,
      new Map(Object.entries(metrics).map(([metricId, stored]) => [metricId, fromStored(metricId, stored)])),
    )
  }
  return {
    ok: true,
    contents: { organization: file.organization, conversationId: file.conversation_id, entries },
  }
}

/**
 * The text of a cache file: stable key order, 2-space indent, trailing newline. Interactions without
 * entries are left out. Throws when an entry could not be read back (e.g. a `NaN` value), so that nothing
 * unreadable is ever written.
 */
export const serializeCacheFile = (contents: CacheFileContents): string => {
  const interactions: Record<string, Record<string, StoredEntry>> = {}
  for (const [interaction, metrics] of contents.entries) {
    if (metrics.size === 0) continue
    interactions[interaction] = Object.fromEntries(
      [...metrics].map(([metricId, entry]) => [metricId, toStored(entry)]),
    )
  }
  const file: StoredFile = {
    format_version: CACHE_FORMAT_VERSION,
    organization: contents.organization,
    conversation_id: contents.conversationId,
    interactions,
  }
  const checked = cacheFileSchema.safeParse(file)
  if (!checked.success) {
    throw new TypeError(`Refusing to write an invalid cache entry: ${describeSchemaError(checked.error)}.`)
  }
  return stableStringify(file)
}
