/**
 * Deterministic JSON text: object keys sorted at every level, 2-space indent, trailing newline, so that
 * the same data always gives the same bytes and committed files diff cleanly. Array order is kept.
 */

type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json | undefined }

const sortKeys = (value: Json): Json => {
  if (Array.isArray(value)) return value.map(sortKeys)
  if (value === null || typeof value !== 'object') return value
  const record = value as { readonly [key: string]: Json | undefined }
  const sorted: Record<string, Json> = {}
  for (const key of Object.keys(record).sort()) {
    const child = record[key]
    if (child !== undefined) sorted[key] = sortKeys(child)
  }
  return sorted
}

/** `JSON.stringify` with sorted keys, 2-space indent and a trailing newline; `undefined` fields are left out. */
export const stableStringify = (value: Json): string => `${JSON.stringify(sortKeys(value), null, 2)}\n`

export type { Json }
