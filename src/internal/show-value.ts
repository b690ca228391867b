/** Shows a user-supplied value in an error message: strings quoted, the rest as JSON where possible. */
export function showValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value)
  if (typeof value === 'function') return `a function (${value.name || 'anonymous'})`
  if (
    typeof value === 'number' ||
    typeof value === 'symbol' ||
    typeof value === 'bigint' ||
    value === undefined
  ) {
    return String(value)
  }
  try {
    return JSON.stringify(value) ?? String(value)
  } catch {
    return String(value)
  }
}
