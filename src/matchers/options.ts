/** Options shared by every matcher, and their validation. */
import { showValue } from '../internal/show-value.js'
import { AmigoUsageError } from './errors.js'

/** Options of every metric matcher (the last argument). */
export interface MetricMatcherOptions {
  /**
   * Accept a `null` value, which the judge gives when the metric does not apply to the conversation
   * (e.g. "escalated correctly" when nothing needed escalating): the assertion then passes, with or
   * without `.not`. Otherwise a `null` value fails, with or without `.not`.
   * @default false
   */
  readonly allowNotApplicable?: boolean | undefined
}

export interface ResolvedMatcherOptions {
  readonly allowNotApplicable: boolean
}

const OPTION_NAMES = ['allowNotApplicable']

/** Checks the options argument and applies the defaults; an unknown key is an error (typos). */
export function resolveMatcherOptions(options: unknown, where: string): ResolvedMatcherOptions {
  if (options === undefined) return { allowNotApplicable: false }
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new AmigoUsageError(
      `${where}: options must be an object like { allowNotApplicable: true }, got ${showValue(options)}`,
    )
  }
  const fields = options as Record<string, unknown>
  for (const key of Object.keys(fields)) {
    if (!OPTION_NAMES.includes(key)) {
      throw new AmigoUsageError(
        `${where}: unknown option ${showValue(key)} (known: ${OPTION_NAMES.join(', ')})`,
      )
    }
  }
  const allow = fields.allowNotApplicable === undefined ? false : fields.allowNotApplicable
  if (typeof allow !== 'boolean') {
    throw new AmigoUsageError(
      `${where}: option allowNotApplicable must be true or false, got ${showValue(allow)}`,
    )
  }
  return { allowNotApplicable: allow }
}
